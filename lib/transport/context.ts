/**
 * The client context: everything a request needs besides its own description (where to send it,
 * which credentials, through which transport, with which timeout and log). Built once per `Auth`
 * or `Api` and shared by the requests it makes.
 *
 * @since 0.1.0
 */
import { requireAppId, requireHeaderValue } from '../arguments.js';
import { invalidArgumentException } from '../errors.js';
import { normalizeBaseUrl } from './base-url.js';
import { defaultTransport } from './default-transport.js';
import { request, type FetchLike } from './request.js';
import type { RetryOptions } from './retry.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { HttpMethod, Transport } from './types.js';

/**
 * One finished (or cancelled) request, as reported to a `log` callback: once the request has been
 * answered, has failed or has been cancelled. It never holds headers, bodies or credentials;
 * `url` carries none by construction.
 *
 * Statuses a call accepts (409 and 412 on `post$`, 409 on `delete$` and `share$`) are logged with
 * their `status` and no `error`. Calls refused before sending (`InvalidArgumentError`) log
 * nothing. The callback must not throw: an exception thrown by it reaches the Observable's error
 * channel.
 *
 * ## Example
 *
 * ```ts
 * import { Api } from 'simperium-rx';
 *
 * const api = new Api('my-app-id', token, {
 *   log: (e) => console.log(e.method, e.url, e.status ?? e.error, `${Math.round(e.durationMs)} ms`),
 * });
 * ```
 */
export interface RequestLogEvent {
  /** `GET`, `POST` or `DELETE`. */
  readonly method: HttpMethod;
  /** The request URL, query included (no credential is ever in it). */
  readonly url: string;
  /** The HTTP status, when an answer arrived. */
  readonly status?: number;
  /** From subscription to the answer (or the failure, or the cancellation). */
  readonly durationMs: number;
  /**
   * Absent on success; otherwise why the request failed: `HttpError 404 Not Found`,
   * `NetworkError: <message>`, `TimeoutError after <ms> ms`, or `cancelled` when unsubscribed
   * before the answer.
   */
  readonly error?: string;
}

/**
 * Options shared by `Auth` and `Api`.
 *
 * The constructors throw a `TypeError` (a programming error, not a `Left`) when `baseUrl` is not
 * an absolute `https:` URL (or an `http:` URL to a loopback host, or any `http:` URL with
 * `allowInsecureHttp`), or holds user info, a query or a fragment; and when `timeout` is not a
 * positive number.
 */
export interface ClientOptions {
  /** The server's base URL (origin and optional path prefix); a trailing slash is removed. */
  readonly baseUrl?: string;
  /**
   * The fetch to use. Default: on Node, `node:http`/`node:https` with keep-alive agents (no
   * `fetch` at all); elsewhere the platform's `fetch`, else `cross-fetch`.
   */
  readonly fetch?: FetchLike;
  /** Milliseconds for a whole request, body included (default 30 000; `Infinity` for none). */
  readonly timeout?: number;
  /** Accept an `http:` base URL to a non-loopback host (default `false`). */
  readonly allowInsecureHttp?: boolean;
  /** Called once per request with a secret-free summary; see {@link RequestLogEvent}. */
  readonly log?: (event: RequestLogEvent) => void;
}

/**
 * What `execute` needs to run a request. Opaque to users: `new Auth(…)` and `new Api(…)` build
 * one, as do `createAuthContext` and `createApiContext` for the functional core.
 */
export interface ClientContext {
  /** Normalised: no trailing slash. */
  readonly baseUrl: string;
  /** The application id. */
  readonly appId: string;
  /** Sent with every request; never copied into errors, URLs or log events. */
  readonly credentialHeaders: Readonly<Record<string, string>>;
  /** Sends a request and reads its answer (built from the `fetch` option, or the default). */
  readonly transport: Transport;
  /** Default timeout of a request, in milliseconds. */
  readonly timeout: number;
  /** The `log` option, when given. */
  readonly log?: (event: RequestLogEvent) => void;
}

/** A write to an object made through a context, as a live view sees it. */
export interface WriteNotice {
  readonly method: HttpMethod;
  /** `[bucket, 'i', id]`, or longer (a version, a share). */
  readonly path: ReadonlyArray<string>;
  /** The JSON body sent (the keys merged, or the whole document with `replace`), if any. */
  readonly body?: unknown;
  readonly replace: boolean;
  readonly ccid: string;
}

/**
 * Watches a write: given the write and the Observable of its result, returns the Observable to
 * hand to the caller (the same emissions, watched). Live views install one while subscribed.
 */
export type WriteWatcher = <B>(
  write: WriteNotice,
  result$: ObservableEither<SimperiumError, B>,
) => ObservableEither<SimperiumError, B>;

/** The data API's context: a client context plus the `clientid` sent with every write. */
export interface ApiContext extends ClientContext {
  /** Identifies this client in changes (the `clientid` query parameter). */
  readonly clientId: string;
  /**
   * The retry policy of one-shot calls (the `Api`'s `retry` option over the defaults: no retry).
   * Feeds take its delays and retry forever.
   */
  readonly retry: RetryOptions;
  /** The watchers of the writes made through this context (live views add theirs). */
  readonly writeWatchers?: Set<WriteWatcher>;
  /**
   * Set when the change feeds run over Simperium's streaming protocol (`transport: 'websocket'`)
   * instead of long polls: the WebSocket to use (default: the platform's, else the `ws` package)
   * and the heartbeat interval.
   */
  readonly stream?: StreamSettings;
}

/**
 * A WebSocket class: the browser's `WebSocket`, the `ws` package's, or any class whose instances
 * have their `readyState`, `send`, `close`, `onopen`, `onmessage`, `onclose` and `onerror`.
 *
 * @param url the socket's URL
 */
export type WebSocketClass = new (url: string) => unknown;

/** How the change feeds and writes use the streaming protocol (`transport: 'websocket'`). */
export interface StreamSettings {
  /** The WebSocket class (default: the platform's `WebSocket`, else `ws` on Node). */
  readonly WebSocket?: WebSocketClass;
  /** Milliseconds of silence before a heartbeat; twice that, and the socket is opened again. */
  readonly heartbeat: number;
}

export const DEFAULT_TIMEOUT = 30_000;

const REDACTED = '[redacted]';

/** What credential records inherit: they print as `[redacted]` in JSON and in Node's inspect. */
const REDACTING = Object.freeze({
  toJSON: (): string => REDACTED,
  [Symbol.for('nodejs.util.inspect.custom')]: (): string => REDACTED,
});

/**
 * Copies credential headers into a record whose own enumerable entries are the headers (so
 * spreading it works), but which prints as `[redacted]` in `JSON.stringify` and `util.inspect`:
 * logging a client object never shows its token or key.
 */
export const redactedHeaders = (
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> =>
  Object.assign(Object.create(REDACTING) as Record<string, string>, headers);

/**
 * Builds a context from constructor arguments. Throws an `InvalidArgumentException` (a
 * `TypeError`) for an invalid app id, credential, base URL or timeout: those are programming
 * errors, found before any request.
 *
 * @param appId the Simperium application id
 * @param credentialHeaders header name (lower case) to secret value
 * @param options the caller's options (not mutated)
 * @param defaultBaseUrl used when `options.baseUrl` is absent
 */
export const clientContext = (
  appId: string,
  credentialHeaders: Readonly<Record<string, string>>,
  options: ClientOptions,
  defaultBaseUrl: string,
): ClientContext => {
  requireAppId(appId);
  for (const [name, value] of Object.entries(credentialHeaders)) requireHeaderValue(name, value);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw invalidArgumentException('timeout', 'timeout must be a positive number of milliseconds');
  }
  const context: ClientContext = {
    baseUrl: normalizeBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp),
    appId,
    credentialHeaders: redactedHeaders(credentialHeaders),
    transport: options.fetch === undefined ? defaultTransport() : request(options.fetch),
    timeout,
  };
  return options.log ? { ...context, log: options.log } : context;
};
