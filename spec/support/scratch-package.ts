/**
 * The working tree's `lib/` installed as the package `simperium-rx` in a scratch folder, laid out
 * as the published package is (`dist/esm` for `import`, `dist/cjs` for `require` and for the
 * server) under this project's package.json, so that a script there run with plain `node` imports
 * it as an app would. Built file by file with esbuild (no bundling, so every dynamic import stays
 * a module of its own): a second, not the minutes of `npm pack`, and always the current sources.
 * The package's dependencies are links into this project's node_modules.
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from './child-script';

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? tsFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** Installs `simperium-rx` (and links its dependencies) into `dir/node_modules`. */
export const installScratchPackage = async (dir: string): Promise<void> => {
  const modules = join(dir, 'node_modules');
  const installed = join(modules, 'simperium-rx');
  const lib = join(PROJECT_ROOT, 'lib');
  const sources = tsFiles(lib);
  const common = { outbase: lib, platform: 'node', target: 'es2022', logLevel: 'silent' } as const;
  await build({
    ...common,
    entryPoints: sources.filter((file) => !file.startsWith(join(lib, 'server'))),
    outdir: join(installed, 'dist', 'esm'),
    format: 'esm',
  });
  await build({
    ...common,
    entryPoints: sources,
    outdir: join(installed, 'dist', 'cjs'),
    format: 'cjs',
  });
  for (const [folder, type] of [
    ['esm', 'module'],
    ['cjs', 'commonjs'],
  ] as const) {
    writeFileSync(join(installed, 'dist', folder, 'package.json'), JSON.stringify({ type }));
  }
  const manifest = readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8');
  writeFileSync(join(installed, 'package.json'), manifest);
  const { dependencies = {}, peerDependencies = {} } = JSON.parse(manifest) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  for (const name of Object.keys({ ...dependencies, ...peerDependencies })) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
};
