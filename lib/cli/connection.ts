/**
 * Which server, application and credentials a command talks to: from flags, else from the
 * environment (docs/cli.md, "Credentials"). The token is never printed: not in usage, errors or
 * progress.
 */
import { Api } from '../api.js';
import { DEFAULT_API_URL } from '../endpoints/contexts.js';
import { isInvalidArgumentError } from '../errors.js';
import type { OptionSpec, Parsed } from './parse.js';

export interface Connection {
  readonly appId: string;
  readonly token: string;
  readonly baseUrl: string;
}

/** The options every command that talks to a server takes. */
export const CONNECTION_OPTIONS: OptionSpec = {
  '--app-id': 'value',
  '--token': 'value',
  '--base-url': 'value',
};

/** The usage lines of those options, shared by the commands' `--help`. */
export const CONNECTION_USAGE = `Connection (an option wins over its environment variable):
  --app-id <id>      the application id (SIMPERIUM_APP_ID)
  --token <token>    a user's access token (SIMPERIUM_TOKEN); prefer the variable, since
                     other users of this machine can see a process's arguments
  --base-url <url>   the server (SIMPERIUM_BASE_URL; default ${DEFAULT_API_URL});
                     http: only to this machine, e.g. http://127.0.0.1:8080`;

/** The value of an option, else of its environment variable, when either is non-empty. */
const pick = (
  parsed: Parsed,
  env: Readonly<Record<string, string | undefined>>,
  option: string,
  variable: string,
): string | undefined => {
  const value = parsed.values[option] ?? env[variable];
  return value === undefined || value === '' ? undefined : value;
};

/** The connection the options and environment describe, or what is missing. */
export const connectionOf = (
  parsed: Parsed,
  env: Readonly<Record<string, string | undefined>>,
): Connection | { readonly missing: string } => {
  const appId = pick(parsed, env, '--app-id', 'SIMPERIUM_APP_ID');
  if (appId === undefined)
    return { missing: 'no application id: pass --app-id or set SIMPERIUM_APP_ID' };
  const token = pick(parsed, env, '--token', 'SIMPERIUM_TOKEN');
  if (token === undefined) return { missing: 'no token: set SIMPERIUM_TOKEN or pass --token' };
  const baseUrl = pick(parsed, env, '--base-url', 'SIMPERIUM_BASE_URL') ?? DEFAULT_API_URL;
  return { appId, token, baseUrl };
};

/**
 * The `Api` of a connection, or why it cannot be made (a malformed app id, token or URL). The
 * reason names the argument, never the token's value.
 */
export const openApi = (connection: Connection): Api | { readonly refused: string } => {
  try {
    return new Api(connection.appId, connection.token, { baseUrl: connection.baseUrl });
  } catch (err) {
    if (isInvalidArgumentError(err)) return { refused: err.message };
    throw err;
  }
};
