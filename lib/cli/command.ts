/**
 * What every command of the command line is, and the steps they share: printing help or the
 * version, refusing bad usage, reading the one bucket a command works on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bucketName } from '../arguments.js';
import { connectionOf, type Connection } from './connection.js';
import { EXIT, writeLine, type ExitCode, type Io } from './io.js';
import type { Parsed } from './parse.js';

export interface Command {
  /** The word that selects it: `simperium-rx <name>`. */
  readonly name: string;
  /** One line for the program's `--help`. */
  readonly summary: string;
  /** Its `--help`. */
  readonly usage: string;
  /** Runs it with the arguments after its name; resolves with the exit status. */
  run(argv: ReadonlyArray<string>, io: Io): Promise<ExitCode>;
}

/** A command's arguments, read: run with these options, show the help, or refuse. */
export type ArgsResult<O> =
  | { readonly kind: 'run'; readonly options: O }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** Prints the usage to stdout: status 0. */
export const showHelp = (io: Io, usage: string): ExitCode => {
  writeLine(io.stdout, usage);
  return EXIT.ok;
};

/** Prints what was wrong and the usage to stderr: status 2. */
export const badUsage = (io: Io, message: string, usage: string): ExitCode => {
  writeLine(io.stderr, `${message}\n\n${usage}`);
  return EXIT.usage;
};

/** Where a bucket command works: the bucket and the connection. */
export interface Target {
  readonly bucket: string;
  readonly connection: Connection;
}

/** The bucket (the one positional argument) and the connection, or what is wrong with them. */
export const targetOf = (
  parsed: Parsed,
  env: Readonly<Record<string, string | undefined>>,
): Target | { readonly error: string } => {
  const [bucket, ...extra] = parsed.positionals;
  if (bucket === undefined) return { error: 'which bucket? (missing <bucket>)' };
  // not repeated: a stray argument may be a secret typed in the wrong place
  if (extra.length > 0) return { error: `one bucket only: ${extra.length} more arguments given` };
  const name = bucketName(bucket);
  if (name._tag === 'Left') return { error: name.left.message };
  const connection = connectionOf(parsed, env);
  if ('missing' in connection) return { error: connection.missing };
  return { bucket, connection };
};

/**
 * The package's version, for `--version`: the `version` of the nearest package.json named
 * `simperium-rx` at or above `dir`, wherever the code runs from (`lib/cli` in a clone,
 * `dist/cjs/cli` or `dist/cjs/server` once built; the builds' own `dist/cjs/package.json`, which
 * has no name, is passed over).
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
