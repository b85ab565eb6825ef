/**
 * Which code the benchmarks measure: by default the build (`dist/cjs`, what the package
 * publishes), or with `--source` the TypeScript sources under `lib/` as tsx compiles them.
 *
 * The two differ in cost. tsx compiles with esbuild's `keepNames`, which wraps every function
 * given a name in a `__name(fn, "…")` call (an `Object.defineProperty` each time it is created),
 * and turns each imported binding into a getter on the module's exports; `tsc`, which makes the
 * build, adds neither. On code that runs once per change or per index entry the difference
 * shows: decoding an index entry with data took 3.1–3.4 µs through tsx against 1.6–1.8 µs built
 * before the decoders' fast paths, and a change from the feed takes about 0.35 against 0.25 µs
 * now (2 shared cores, decoding alone, no `JSON.parse`).
 *
 * With `SIMPERIUM_BENCH_CODE=build` in the environment (which `code.ts` sets for the client
 * benchmarks, and child processes inherit), importing this module before any other that loads
 * `lib/` redirects every later `require` of a file under `lib/` to its build, refusing a build
 * older than any source (`npm run bench` builds first).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import Module from 'node:module';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const LIB = join(ROOT, 'lib');
const DIST = join(ROOT, 'dist', 'cjs');

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;

let redirected = false;

/** The files under `dir`, recursively, as paths. */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );

/** The build of `source` (a `.ts` file under `lib/`). */
const buildOf = (source: string): string =>
  join(DIST, relative(LIB, source)).replace(/\.ts$/, '.js');

/**
 * From now on, `require` of a file under `lib/` loads its build instead. Throws first if any
 * source under `lib/` has no build, or one older than itself.
 */
export const useBuild = (): void => {
  if (redirected) return;
  for (const source of files(LIB)) {
    if (!source.endsWith('.ts')) continue;
    const built = buildOf(source);
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
      throw new Error(
        `${relative(ROOT, built)} is missing or older than ${relative(ROOT, source)}: ` +
          'run `npm run build` (or measure the sources with --source)',
      );
    }
  }
  redirected = true;
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (request, ...rest) {
    const path = resolveFilename.call(this, request, ...rest);
    return path.startsWith(LIB + sep) && path.endsWith('.ts') ? buildOf(path) : path;
  };
};

if (process.env.SIMPERIUM_BENCH_CODE === 'build') useBuild();
