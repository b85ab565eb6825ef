/**
 * The contexts the endpoint functions run in: one for the data API (a token), one for the auth
 * API (an API key). `new Api(…)` and `new Auth(…)` build them; the functional core takes them
 * directly.
 *
 * @since 0.1.0
 */
import * as check from '../arguments.js';
import {
  clientContext,
  type ApiContext,
  type ClientContext,
  type ClientOptions,
  type WebSocketClass,
} from '../transport/context.js';
import { defaultOneShotRetry, type RetryOptions } from '../transport/retry.js';
import { uuidHex } from '../uuid-hex.js';

export const DEFAULT_API_URL = 'https://api.simperium.com';
export const DEFAULT_AUTH_URL = 'https://auth.simperium.com';

/**
 * Options of `new Api(…)` and `createApiContext`; every field is optional.
 *
 * ## Example
 *
 * ```ts
 * import { Api } from 'simperium-rx';
 *
 * const api = new Api('my-app-id', accessToken, { retry: { count: 3 } });
 * const local = new Api('my-app-id', accessToken, { baseUrl: 'http://127.0.0.1:8080' });
 * ```
 */
export interface ApiOptions extends ClientOptions {
  /** Default `https://api.simperium.com`. */
  readonly baseUrl?: string;
  /** Identifies this client in changes (default `rx-` + 32 random hex digits). */
  readonly clientId?: string;
  /**
   * Act as this user (sent as `X-Simperium-User`); the token must then be an admin key. Same as
   * `asUser(userId)`.
   */
  readonly userId?: string;
  /**
   * How failed requests are retried (network errors, timeouts, 408, 429 honouring `Retry-After`,
   * 5xx), merged over the defaults: first retry after 1 s, doubling up to 30 s, half of each
   * delay jittered, `Retry-After` capped at 60 s. One-shot calls retry `count` times (default
   * `0`: no retry; a retried write re-sends its ccid, so it is applied at most once). Feeds
   * (`changes$`, `all$`) use the same delays but always retry forever, unless the call's own
   * `retry` option says otherwise.
   */
  readonly retry?: Partial<RetryOptions>;
  /**
   * How change feeds (`changes$`, and `live$`'s) and writes reach the server: `'http'` (default)
   * by long polls and requests, or `'websocket'` over Simperium's streaming protocol — one
   * socket per `Api`, a channel per feed and per bucket written to, changes pushed as the server
   * commits them, writes sent as changes and sent again (same ccid) after a reconnection. Writes
   * naming a `version` (or asking for the `response`), reads, indexes and admin calls use HTTP.
   * Ignored when acting as another user (`userId`), which the streaming protocol cannot say.
   */
  readonly transport?: 'http' | 'websocket';
  /**
   * The WebSocket constructor of `transport: 'websocket'` (default: the platform's `WebSocket`,
   * else the `ws` package on Node, an optional peer dependency).
   */
  readonly WebSocket?: WebSocketClass;
  /**
   * Milliseconds of socket silence before a heartbeat is sent (default 4000); when nothing
   * arrives within as long again, the socket is opened again.
   */
  readonly heartbeat?: number;
}

/** Options of `new Auth(…)` and `createAuthContext`; every field is optional. */
export interface AuthOptions extends ClientOptions {
  /** Default `https://auth.simperium.com`. */
  readonly baseUrl?: string;
}

/**
 * The data API's context for one application and one access token (or admin key). Throws an
 * `InvalidArgumentException` (a `TypeError`) for an invalid app id, token, client id, user id,
 * base URL or timeout.
 *
 * @param appId the application id
 * @param token a user's access token, or the admin key for admin calls
 * @param options see {@link ApiOptions}
 */
export const createApiContext = (
  appId: string,
  token: string,
  options: ApiOptions = {},
): ApiContext => {
  const credentials: Record<string, string> = {
    'x-simperium-token': check.requireHeaderValue('token', token),
  };
  if (options.userId !== undefined) {
    credentials['x-simperium-user'] = check.requireHeaderValue('userId', options.userId);
  }
  return {
    ...clientContext(appId, credentials, options, DEFAULT_API_URL),
    clientId: check.required(check.asciiId('clientId', options.clientId ?? `rx-${uuidHex()}`)),
    retry: { ...defaultOneShotRetry, ...options.retry },
    writeWatchers: new Set(),
    ...(options.transport === 'websocket' && options.userId === undefined
      ? {
          stream: {
            WebSocket: options.WebSocket,
            heartbeat: check.required(check.duration('heartbeat', options.heartbeat)) ?? 4000,
          },
        }
      : {}),
  };
};

/**
 * The auth API's context for one application and one API key (the admin key for
 * `resetPassword$` and `delete$`). Throws an `InvalidArgumentException` (a `TypeError`) for an
 * invalid app id, key, base URL or timeout.
 *
 * @param appId the application id
 * @param apiKey the application's API key, or its admin key
 * @param options see {@link AuthOptions}
 */
export const createAuthContext = (
  appId: string,
  apiKey: string,
  options: AuthOptions = {},
): ClientContext =>
  clientContext(
    appId,
    { 'x-simperium-api-key': check.requireHeaderValue('apiKey', apiKey) },
    options,
    DEFAULT_AUTH_URL,
  );
