/**
 * The command line of `simperium-rx-server`, parsed without side effects so it can be tested
 * on its own.
 */
import type { AppCredentials, ServerOptions } from './types';

export const USAGE = `Usage: simperium-rx-server [options]

A local Simperium-compatible HTTP server (auth and data API on one port, SQLite storage).

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <host>          interface to listen on (default 127.0.0.1)
  --db <path>            SQLite database file (default :memory:, nothing kept)
  --app <id:apikey:adminkey>
                         serve this app (repeatable); without it the apps stored in the
                         database are served, or a demo app is created, and their keys printed
  --poll-window <ms>     how long changes/all hold a request open (default 25000)
  --quiet                do not log requests
  -h, --help             show this help
  --version              show the version

Needs better-sqlite3 (an optional peer dependency: npm install better-sqlite3@12).
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
