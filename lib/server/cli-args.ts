/**
 * The command line of the server (`simperium-rx serve`, and its alias `simperium-rx-server`),
 * parsed without side effects so it can be tested on its own.
 */
import type { AppCredentials, ServerOptions } from './types';

/** The server's usage, under the name it was run by. */
export const serveUsage = (program: string): string => `Usage: ${program} [options]

A local Simperium-compatible server: the auth and data APIs over HTTP and the streaming
endpoint (/sock/1/{app}/websocket) on one port, SQLite storage.

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <host>          interface to listen on (default 127.0.0.1)
  --db <path>            SQLite database file (default :memory:, nothing kept)
  --app <id:apikey:adminkey>
                         serve this app (repeatable); without it the apps stored in the
                         database are served, or a demo app is created, and their keys printed
  --poll-window <ms>     how long changes/all hold a request open (default 25000)
  --max-body-bytes <n>   largest request body (default 8388608, 8 MiB)
  --max-answer-bytes <n> largest answer with data: changes, all, index, bulk results
                         (default 4194304, 4 MiB; one larger item still goes alone)
  --max-bulk-changes <n> most changes in one POST {bucket}/changes (default 1000)
  --max-held-polls <n>   most changes/all requests held at once per user (default 100)
  --max-connections <n>  most connections open at once (default 4096)
  --send-timeout <ms>    close a connection whose answer makes no write progress for this
                         long (default 30000)
  --max-socket-message-bytes <n>
                         largest message a streaming socket may send (default 8388608)
  --max-channels-per-socket <n>
                         most channels on one streaming socket (default 100)
  --max-sockets-per-user <n>
                         most streaming sockets one user holds at once (default 50)
  --socket-ping-interval <ms>
                         ping streaming sockets this often; drop one silent for a whole
                         interval (default 30000)
  --quiet                do not log requests
  -h, --help             show this help
  --version              show the version

Needs better-sqlite3 (an optional peer dependency: npm install better-sqlite3@12); the
streaming endpoint needs ws (another one: npm install ws@8).
Exit status: 0 after a clean stop (SIGINT or SIGTERM), 1 when the server cannot start or stop,
2 for a bad argument.`;

export type CliCommand =
  | {
      readonly kind: 'run';
      readonly options: ServerOptions;
      /** Whether the app keys should be printed (no `--app` was given). */
      readonly printApps: boolean;
      readonly quiet: boolean;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string };

type MutableOptions = { -readonly [K in keyof ServerOptions]: ServerOptions[K] };

const wholeNumber = (value: string, max: number): number | undefined =>
  /^\d{1,10}$/.test(value) && Number(value) <= max ? Number(value) : undefined;

const appCredentials = (value: string): AppCredentials | undefined => {
  const [id, apiKey, adminKey, ...rest] = value.split(':');
  return id && apiKey && adminKey && rest.length === 0 ? { id, apiKey, adminKey } : undefined;
};

type LimitOption =
  | 'maxBodyBytes'
  | 'maxAnswerBytes'
  | 'maxBulkChanges'
  | 'maxHeldPollsPerUser'
  | 'maxConnections'
  | 'sendTimeoutMs'
  | 'maxSocketMessageBytes'
  | 'maxChannelsPerSocket'
  | 'maxSocketsPerUser'
  | 'socketPingIntervalMs';

/** A flag setting a limit: a positive whole number. */
const limit =
  (option: LimitOption, flag: string) =>
  (value: string, options: MutableOptions): string | undefined => {
    const n = wholeNumber(value, 2 ** 31 - 1);
    if (n === undefined || n === 0) return `${flag} needs a positive whole number`;
    options[option] = n;
    return undefined;
  };

/** Applies one flag's value to the options; returns an error message when it is invalid. */
const VALUE_FLAGS: Record<string, (value: string, options: MutableOptions) => string | undefined> =
  {
    '--port': (value, options) => {
      options.port = wholeNumber(value, 65535);
      return options.port === undefined ? '--port needs a whole number up to 65535' : undefined;
    },
    '--host': (value, options) => {
      options.host = value;
      return undefined;
    },
    '--db': (value, options) => {
      options.database = value;
      return undefined;
    },
    '--app': (value, options) => {
      const app = appCredentials(value);
      if (app === undefined) return '--app needs ID:APIKEY:ADMINKEY';
      options.apps = [...(options.apps ?? []), app];
      return undefined;
    },
    '--poll-window': (value, options) => {
      options.pollWindowMs = wholeNumber(value, 2 ** 31 - 1);
      return options.pollWindowMs === undefined
        ? '--poll-window needs a whole number of ms'
        : undefined;
    },
    '--max-body-bytes': limit('maxBodyBytes', '--max-body-bytes'),
    '--max-answer-bytes': limit('maxAnswerBytes', '--max-answer-bytes'),
    '--max-bulk-changes': limit('maxBulkChanges', '--max-bulk-changes'),
    '--max-held-polls': limit('maxHeldPollsPerUser', '--max-held-polls'),
    '--max-connections': limit('maxConnections', '--max-connections'),
    '--send-timeout': limit('sendTimeoutMs', '--send-timeout'),
    '--max-socket-message-bytes': limit('maxSocketMessageBytes', '--max-socket-message-bytes'),
    '--max-channels-per-socket': limit('maxChannelsPerSocket', '--max-channels-per-socket'),
    '--max-sockets-per-user': limit('maxSocketsPerUser', '--max-sockets-per-user'),
    '--socket-ping-interval': limit('socketPingIntervalMs', '--socket-ping-interval'),
  };

/** Splits `--flag=value` into its two parts; other arguments are left whole. */
const split = (args: ReadonlyArray<string>): string[] =>
  args.flatMap((arg) => {
    const eq = arg.indexOf('=');
    return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg];
  });

/** Parses the arguments after the program name (`--flag value` or `--flag=value`). */
export const parseCliArgs = (argv: ReadonlyArray<string>): CliCommand => {
  const args = split(argv);
  const options: MutableOptions = { port: 8080 };
  let quiet = false;
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? '';
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '--version') return { kind: 'version' };
    if (flag === '--quiet') {
      quiet = true;
      continue;
    }
    const apply = VALUE_FLAGS[flag];
    if (apply === undefined) return { kind: 'error', message: `unknown argument: ${flag}` };
    const value = args[i + 1];
    i += 1;
    if (value === undefined || value === '')
      return { kind: 'error', message: `${flag} needs a value` };
    const problem = apply(value, options);
    if (problem !== undefined) return { kind: 'error', message: problem };
  }
  return { kind: 'run', options, printApps: options.apps === undefined, quiet };
};
