/** The arguments of `simperium-rx import`, read without side effects. */
import { targetOf, type ArgsResult, type Target } from '../command.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.js';
import { parseArgs, usageError, wholeNumber } from '../parse.js';

export interface ImportOptions extends Target {
  /** The NDJSON file to read; stdin when absent. */
  readonly in?: string;
  /**
   * Send each line's `version`: the server rebases the data over the object's later changes
   * (where it still has that version) instead of overwriting them.
   */
  readonly withVersions: boolean;
  /** Lines per bulk write. */
  readonly batch: number;
  /** Without a terminal, a progress line every this many objects. */
  readonly progressEvery: number;
}

export const DEFAULT_BATCH = 500;
export const DEFAULT_PROGRESS_EVERY = 1000;

export const IMPORT_USAGE = `Usage: simperium-rx import <bucket> [options]

Reads NDJSON, one {"id","data"} object per line (as export writes them; other fields are
ignored), and writes each object with its data as the whole document, in bulk requests.
Shows progress on stderr: a bar on a terminal (objects, rate, ETA when the total is known),
otherwise a line every --progress-every objects or 5 seconds. Each line the server refuses, or
that is not an object, is reported on stderr with its id or line number.

Options:
  --in <file>            read this file instead of stdin (its lines are counted first,
                         for the total)
  --with-versions        send each line's "version" too: the data is taken as made against
                         that version, so changes the object had since are kept (merged),
                         not overwritten; without that version there, it replaces the object
  --batch <n>            lines per bulk write, 1 to 10000 (default ${DEFAULT_BATCH})
  --progress-every <n>   without a terminal, a progress line every n objects
                         (default ${DEFAULT_PROGRESS_EVERY})
  -h, --help             show this help

${CONNECTION_USAGE}

Exit status: 0 when every line was written, 1 when one was refused or unreadable, or on a
failure (the network, credentials, the file, a stop before the end), 2 for bad usage.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  '--in': 'value',
  '--with-versions': 'switch',
  '--batch': 'value',
  '--progress-every': 'value',
} as const;

/** A whole-number option from 1 to `max`, its default, or the message of a bad value. */
const positive = (
  values: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
  max: number,
): number | { readonly error: string } => {
  const text = values[name];
  const n = text === undefined ? fallback : wholeNumber(text, 1, max);
  return n ?? { error: `${name} needs a whole number from 1 to ${max}` };
};

/** Reads `import`'s arguments; the environment supplies credentials the options leave out. */
export const parseImportArgs = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): ArgsResult<ImportOptions> => {
  const parsed = parseArgs(argv, OPTIONS);
  if (parsed.kind !== 'parsed') return parsed;
  const target = targetOf(parsed, env);
  if ('error' in target) return usageError(target.error);
  const batch = positive(parsed.values, '--batch', DEFAULT_BATCH, 10_000);
  if (typeof batch !== 'number') return usageError(batch.error);
  const every = positive(parsed.values, '--progress-every', DEFAULT_PROGRESS_EVERY, 1e9);
  if (typeof every !== 'number') return usageError(every.error);
  const file = parsed.values['--in'];
  return {
    kind: 'run',
    options: {
      ...target,
      ...(file === undefined ? {} : { in: file }),
      withVersions: parsed.switches.has('--with-versions'),
      batch,
      progressEvery: every,
    },
  };
};
