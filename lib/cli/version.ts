/**
 * The package's version, for `--version`: read from its package.json, wherever the code runs
 * from (`lib/cli` in a clone, `dist/cjs/cli` or `dist/cjs/server` once built and installed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The `version` of the nearest package.json named `simperium-rx` at or above `dir` (the builds'
 * own `dist/cjs/package.json`, which has no name, is passed over).
 *
 * @param dir where to start looking (default: this module's folder)
 */
export const packageVersion = (dir: string = __dirname): string => {
  for (let folder = dir; ; folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'simperium-rx' && typeof pkg.version === 'string') return pkg.version;
    }
    if (dirname(folder) === folder) return 'unknown';
  }
};
