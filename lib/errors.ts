/**
 * The errors every endpoint can emit as a `Left`.
 *
 * `SimperiumError` is a discriminated union of plain readonly objects tagged by `_tag`, so
 * guards work across realms and errors serialise cleanly. None of them ever holds the access
 * token, the API key or the admin key: URLs carry no secrets and request headers are not kept.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';

/** The server answered with a status the endpoint does not treat as success. */
export interface HttpError {
  readonly _tag: 'HttpError';
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  /** The request URL (it never holds a secret: credentials travel in headers). */
  readonly url: string;
  /** The server's body: parsed JSON when it was JSON, the text otherwise, `undefined` when empty. */
  readonly body: unknown;
  /** `Retry-After` as milliseconds to wait, when the server sent one. */
  readonly retryAfter?: number;
}

/** The request never got an HTTP answer: connection refused or reset, DNS, a cut-short body. */
export interface NetworkError {
  readonly _tag: 'NetworkError';
  readonly method: string;
  readonly url: string;
  /**
   * Why, in one line: the underlying error's message and those of the errors it wraps, e.g.
   * `fetch failed: connect ECONNREFUSED 127.0.0.1:8080`. A plain string, so it survives
   * `JSON.stringify` (which prints an `Error` cause as `{}`).
   */
  readonly message: string;
  /** The system error code found in the cause chain (`ECONNREFUSED`, `ENOTFOUND` …), if any. */
  readonly code?: string;
  /** The underlying error, as thrown by `fetch` or the body read. */
  readonly cause: unknown;
}

/** No complete answer (status and body) arrived within the request's timeout. */
export interface TimeoutError {
  readonly _tag: 'TimeoutError';
  readonly method: string;
  readonly url: string;
  readonly timeout: number;
}

/** The request succeeded but its payload did not match the expected shape. */
export interface DecodeError {
  readonly _tag: 'DecodeError';
  /** One line per problem, from io-ts's `PathReporter`. */
  readonly messages: ReadonlyArray<string>;
  readonly errors?: t.Errors;
  readonly method?: string;
  readonly url?: string;
  /**
   * The id of the object whose index entry or change did not decode, when the id itself could be
   * read; the rest of the answer was fine and the listing or feed went on.
   */
  readonly id?: string;
}

/**
 * The server's answer broke the protocol in a way no codec describes: an index page whose `mark`
 * was already followed (paging on would loop forever), a feed answer that is not a list of
 * changes. Unlike a `DecodeError`, the answer's shape may be fine; what it says is not.
 */
export interface ProtocolError {
  readonly _tag: 'ProtocolError';
  readonly message: string;
  readonly method?: string;
  readonly url?: string;
}

/**
 * The server refused one change of a bulk write (`postMany$`), with Simperium's change error code:
 * 400 a malformed change, 401 a read-only share, 404 no such object (or not visible), 405 a bad
 * base version, 440 a diff that cannot be applied. The other changes of the write are not affected.
 */
export interface ChangeError {
  readonly _tag: 'ChangeError';
  readonly id: string;
  readonly code: number;
}

/** An argument was rejected before any request was sent (bad bucket name, empty id, …). */
export interface InvalidArgumentError {
  readonly _tag: 'InvalidArgumentError';
  readonly argument: string;
  readonly message: string;
}

/**
 * A change feed was asked to resume from a cursor the server no longer knows (HTTP 404 on
 * `changes`/`all`). Re-index the bucket and follow the feed from the index's `current`.
 */
export interface UnknownCursorError {
  readonly _tag: 'UnknownCursorError';
  readonly cv: string;
  readonly url: string;
}

export type SimperiumError =
  | HttpError
  | NetworkError
  | TimeoutError
  | DecodeError
  | ProtocolError
  | ChangeError
  | InvalidArgumentError
  | UnknownCursorError;

/* Constructors: each returns the error with its `_tag` added */

const tagged =
  <T extends SimperiumError>(tag: T['_tag']) =>
  (e: Omit<T, '_tag'>): T =>
    ({ _tag: tag, ...e }) as T;

export const httpError = /* @__PURE__ */ tagged<HttpError>('HttpError');
export const networkError = /* @__PURE__ */ tagged<NetworkError>('NetworkError');
export const timeoutError = /* @__PURE__ */ tagged<TimeoutError>('TimeoutError');
export const decodeError = /* @__PURE__ */ tagged<DecodeError>('DecodeError');
export const protocolError = /* @__PURE__ */ tagged<ProtocolError>('ProtocolError');
export const changeError = /* @__PURE__ */ tagged<ChangeError>('ChangeError');
export const invalidArgumentError = (argument: string, message: string): InvalidArgumentError => ({
  _tag: 'InvalidArgumentError',
  argument,
  message,
});
/**
 * What constructors (`new Api`, `new Auth`, `asUser`) throw for an argument they refuse: a
 * `TypeError` — it is a programming error, found before any request — that is also an
 * `InvalidArgumentError` (`isInvalidArgumentError` holds, `argument` names the culprit). Its
 * message never repeats a credential's value.
 */
export type InvalidArgumentException = TypeError & InvalidArgumentError;

export const invalidArgumentException = (
  argument: string,
  message: string,
): InvalidArgumentException =>
  Object.assign(new TypeError(message), { _tag: 'InvalidArgumentError' as const, argument });

export const unknownCursorError = (cv: string, url: string): UnknownCursorError => ({
  _tag: 'UnknownCursorError',
  cv,
  url,
});

/* Guards: plain functions, so a bundle keeps only the ones an app calls */

const tagOf = (u: unknown): unknown =>
  typeof u === 'object' && u !== null ? (u as { _tag?: unknown })._tag : undefined;

export const isHttpError = (u: unknown): u is HttpError => tagOf(u) === 'HttpError';
export const isNetworkError = (u: unknown): u is NetworkError => tagOf(u) === 'NetworkError';
export const isTimeoutError = (u: unknown): u is TimeoutError => tagOf(u) === 'TimeoutError';
export const isDecodeError = (u: unknown): u is DecodeError => tagOf(u) === 'DecodeError';
export const isProtocolError = (u: unknown): u is ProtocolError => tagOf(u) === 'ProtocolError';
export const isChangeError = (u: unknown): u is ChangeError => tagOf(u) === 'ChangeError';
export const isInvalidArgumentError = (u: unknown): u is InvalidArgumentError =>
  tagOf(u) === 'InvalidArgumentError';
export const isUnknownCursorError = (u: unknown): u is UnknownCursorError =>
  tagOf(u) === 'UnknownCursorError';

/** True for any member of the `SimperiumError` union. */
export const isSimperiumError = (u: unknown): u is SimperiumError =>
  [
    'HttpError',
    'NetworkError',
    'TimeoutError',
    'DecodeError',
    'ProtocolError',
    'ChangeError',
    'InvalidArgumentError',
    'UnknownCursorError',
  ].includes(tagOf(u) as string);
