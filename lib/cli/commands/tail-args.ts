/** The arguments of `simperium-rx tail`, read without side effects. */
import { cursor } from '../../arguments.js';
import { targetOf, type ArgsResult, type Target } from '../command.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.js';
import { parseArgs, usageError } from '../parse.js';

export interface TailOptions extends Target {
  /** Start after this cursor; without it, from the bucket's newest change. */
  readonly cv?: string;
  /** One JSON change per line instead of a line for people. */
  readonly json: boolean;
  /** Colour: `false` with `--no-color`; otherwise when stdout is a terminal. */
  readonly color: boolean;
}

export const TAIL_USAGE = `Usage: simperium-rx tail <bucket> [options]

Prints the changes made to a bucket (by this token's user) as they happen, until stopped with
Ctrl-C (SIGINT) or SIGTERM. Then prints the cursor to resume from, on stderr:
  resume with: --cv <cv>

Options:
  --cv <cv>          start after this cursor (a change's cv, or one printed on exit);
                     default: from now, after the bucket's newest change
  --json             one change per line as JSON (NDJSON), as the server sent it:
                     {"id","cv","o","v","sv","ev","ccids","clientid"}
  --no-color         no colour (default: colour when stdout is a terminal and NO_COLOR is unset)
  -h, --help         show this help

${CONNECTION_USAGE}

Exit status: 0 when stopped, 1 when the feed ends (credentials refused, a cursor the server
no longer knows), 2 for bad usage.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  '--cv': 'value',
  '--json': 'switch',
  '--no-color': 'switch',
} as const;

/** Reads `tail`'s arguments; the environment supplies credentials the options leave out. */
export const parseTailArgs = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): ArgsResult<TailOptions> => {
  const parsed = parseArgs(argv, OPTIONS);
  if (parsed.kind !== 'parsed') return parsed;
  const target = targetOf(parsed, env);
  if ('error' in target) return usageError(target.error);
  const cv = parsed.values['--cv'];
  if (cv !== undefined && cursor('cv', cv)._tag === 'Left') {
    return usageError('--cv needs a cursor: 1-256 visible ASCII characters');
  }
  const color = !parsed.switches.has('--no-color') && (env.NO_COLOR ?? '') === '';
  return {
    kind: 'run',
    options: {
      ...target,
      ...(cv === undefined ? {} : { cv }),
      json: parsed.switches.has('--json'),
      color,
    },
  };
};
