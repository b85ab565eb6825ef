/** The arguments of `simperium-rx export`, read without side effects. */
import { targetOf, type ArgsResult, type Target } from '../command.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.js';
import { parseArgs, usageError, wholeNumber } from '../parse.js';

export interface ExportOptions extends Target {
  /** The file to write; stdout when absent. */
  readonly out?: string;
  /** Objects per index page. */
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 500;

export const EXPORT_USAGE = `Usage: simperium-rx export <bucket> [options]

Writes every object of a bucket (this token's user's, and those shared with them) as NDJSON, one
object per line, most recently modified first:
  {"id":"…","version":3,"data":{…}}
A count goes to stderr at the end.

Options:
  --out <file>       write to this file (created or overwritten) instead of stdout
  --page-size <n>    objects per index request, 1 to 1000 (default ${DEFAULT_PAGE_SIZE})
  -h, --help         show this help

${CONNECTION_USAGE}

Exit status: 0 when every object was written, 1 on a failure (the network, credentials, an
object that could not be read, the file, or a stop before the end: the output is then
incomplete), 2 for bad usage.`;

const OPTIONS = { ...CONNECTION_OPTIONS, '--out': 'value', '--page-size': 'value' } as const;

/** Reads `export`'s arguments; the environment supplies credentials the options leave out. */
export const parseExportArgs = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): ArgsResult<ExportOptions> => {
  const parsed = parseArgs(argv, OPTIONS);
  if (parsed.kind !== 'parsed') return parsed;
  const target = targetOf(parsed, env);
  if ('error' in target) return usageError(target.error);
  const size = parsed.values['--page-size'];
  const pageSize = size === undefined ? DEFAULT_PAGE_SIZE : wholeNumber(size, 1, 1000);
  if (pageSize === undefined) return usageError('--page-size needs a whole number from 1 to 1000');
  const out = parsed.values['--out'];
  return { kind: 'run', options: { ...target, ...(out === undefined ? {} : { out }), pageSize } };
};
