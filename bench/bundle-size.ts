/**
 * What the package costs a browser app (`npm run size`), measured from the packed tarball as a
 * frontend build would see it: the package is packed (which builds it), installed into a scratch
 * project, and small entries are bundled with esbuild (minified, platform browser, format esm),
 * then gzipped at level 9. Prints one row per budget and exits 1 when one is missed. What the
 * package loads on demand (the live-view engine) is measured apart: it is not loaded with the app.
 *
 * The scratch project takes the peers and dependencies (rxjs, fp-ts, io-ts, cross-fetch, …) from
 * this repository's node_modules as `file:` links, so `npm install --offline` reaches no registry
 * and leaves this repository untouched.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { fmt } from './support/stats';

const run = promisify(execFile);

/** This repository. */
export const REPO = join(__dirname, '..');

/** What the scratch project links from this repository's node_modules. */
export const SCRATCH_LINKS: ReadonlyArray<string> = [
  'rxjs',
  'fp-ts',
  'io-ts',
  'cross-fetch',
  '@sanity/diff-match-patch',
  'better-sqlite3',
  '@types/node',
];

/** The peers and cross-fetch, kept out of the bundle when measuring our own code. */
export const PEERS: ReadonlyArray<string> = [
  'rxjs',
  'rxjs/*',
  'fp-ts',
  'fp-ts/*',
  'io-ts',
  'io-ts/*',
  'cross-fetch',
];

/** An app that reads one object and follows the change feed. */
export const APP_ENTRY = [
  "import { Api } from 'simperium-rx';",
  "const b = new Api('app', 'tok').bucket('todo');",
  "b.get$('x').subscribe(console.log);",
  'b.changes$().subscribe(console.log);',
  '',
].join('\n');

/** An app that only needs one error guard. */
export const GUARD_ENTRY = [
  "import { isHttpError } from 'simperium-rx';",
  'console.log(isHttpError);',
  '',
].join('\n');

/**
 * Packs the package into `destination` (a fresh folder) with `npm pack`, whose `prepare` script
 * builds it, and resolves with the tarball's path.
 */
export const pack = async (destination: string, repo: string = REPO): Promise<string> => {
  mkdirSync(destination, { recursive: true });
  await run('npm', ['pack', '--pack-destination', destination], { cwd: repo, maxBuffer: 1 << 26 });
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    throw new Error(`npm pack left ${tarballs.length} tarballs in ${destination}`);
  }
  return join(destination, tarballs[0] as string);
};

/**
 * Installs `tarball` into a new scratch project at `scratch`, as an app would with
 * `npm install`, next to `file:` links to the packages in {@link SCRATCH_LINKS}. Offline, with
 * a cache of its own, and without install scripts.
 */
export const installScratch = async (
  tarball: string,
  scratch: string,
  repo: string = REPO,
): Promise<void> => {
  mkdirSync(scratch, { recursive: true });
  const dependencies = Object.fromEntries(
    SCRATCH_LINKS.map((name) => [name, `file:${join(repo, 'node_modules', name)}`]),
  );
  writeFileSync(
    join(scratch, 'package.json'),
    `${JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, dependencies }, null, 2)}\n`,
  );
  await run(
    'npm',
    [
      'install',
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--cache',
      join(scratch, '.npm-cache'),
      tarball,
    ],
    { cwd: scratch, maxBuffer: 1 << 26 },
  );
};

/** A browser bundle of `entry` (JavaScript source) as resolved from `scratch`. */
export interface Bundle {
  readonly code: Uint8Array;
  readonly metafile: Metafile;
}

/** Bundles `entry` for the browser (esm, minified) with `external` left out. */
export const bundle = async (
  scratch: string,
  entry: string,
  external: ReadonlyArray<string> = [],
): Promise<Bundle> => {
  const result = await build({
    stdin: { contents: entry, resolveDir: scratch, sourcefile: 'entry.js', loader: 'js' },
    absWorkingDir: scratch,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    external: [...external],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no output');
  return { code: output.contents, metafile: result.metafile };
};

/** Bytes after gzip at level 9. */
export const gzipBytes = (code: Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** One measure against its budget. */
export interface SizeMeasure {
  readonly measure: string;
  readonly bytes: number;
  readonly budget: number;
}

/** The budgets of the bundle-size issue, in bytes (1 KB = 1,000 bytes). */
export const BUDGETS = {
  ownCode: 8_000,
  withPeers: 25_000,
  guardOnly: 1_000,
} as const;

/**
 * The modules the package loads on demand with `import()`: the live-view engine (on the first
 * `live$()`), the index listing (`index$`, `indexPages$`), the admin-key calls (`all$`,
 * `buckets$`), bulk writes (`postMany$`), the escape hatch (`request$`) and the streaming
 * transport (`transport: 'websocket'`). An app's bundler puts them in chunks of
 * their own, fetched when first used, so they are not part of what loads with the app (an esbuild
 * bundle without splitting would inline them).
 */
export const ON_DEMAND: ReadonlyArray<string> = [
  '*/live/shared.js',
  '*/streams/index-listing.js',
  '*/streams/all-feed.js',
  '*/endpoints/list-buckets.js',
  '*/endpoints/post-many.js',
  '*/endpoints/request.js',
  '*/socket/hub.js',
];

/** Measures the three budgets against the package installed in `scratch`. */
export const measure = async (scratch: string): Promise<SizeMeasure[]> => {
  const ownCode = await bundle(scratch, APP_ENTRY, [...PEERS, ...ON_DEMAND]);
  const withPeers = await bundle(scratch, APP_ENTRY, ON_DEMAND);
  const guardOnly = await bundle(scratch, GUARD_ENTRY);
  return [
    {
      measure: 'Api + get$ + changes$, peers external, min+gz',
      bytes: gzipBytes(ownCode.code),
      budget: BUDGETS.ownCode,
    },
    {
      measure: 'Api + get$ + changes$, peers bundled, min+gz',
      bytes: gzipBytes(withPeers.code),
      budget: BUDGETS.withPeers,
    },
    {
      measure: 'isHttpError only, min (raw)',
      bytes: guardOnly.code.length,
      budget: BUDGETS.guardOnly,
    },
  ];
};

/** Whether `m` is within its budget. */
export const withinBudget = (m: SizeMeasure): boolean => m.bytes <= m.budget;

/** `m` in one line, saying by how much it is under or over its budget. */
export const describeMeasure = (m: SizeMeasure): string =>
  `${m.measure}: ${fmt(m.bytes)} bytes, budget ${fmt(m.budget)} ` +
  (withinBudget(m) ? `(${fmt(m.budget - m.bytes)} to spare)` : `(${fmt(m.bytes - m.budget)} over)`);

/** The measures as a table: measure, bytes, budget, pass/FAIL. */
export const formatSizeTable = (measures: ReadonlyArray<SizeMeasure>): string => {
  const rows = [
    ['measure', 'bytes', 'budget', 'pass/FAIL'],
    ...measures.map((m) => [
      m.measure,
      fmt(m.bytes),
      fmt(m.budget),
      withinBudget(m) ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>): string =>
    `| ${cells
      .map((cell, i) =>
        i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
};

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'simperium-rx-size-'));
  try {
    const tarball = await pack(join(dir, 'pack'));
    const scratch = join(dir, 'scratch');
    await installScratch(tarball, scratch);
    const measures = await measure(scratch);
    console.log(formatSizeTable(measures));
    const missed = measures.filter((m) => !withinBudget(m));
    if (missed.length > 0) {
      console.log(`FAIL: ${missed.map(describeMeasure).join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log('every budget met');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
