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
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'HttpError';
  /** The HTTP status, e.g. `404`. */
  readonly status: number;
  /** The status line's text, e.g. `Not Found`. */
  readonly statusText: string;
  /** The request's method: `GET`, `POST` or `DELETE`. */
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
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'NetworkError';
  /** The request's method. */
  readonly method: string;
  /** The request URL, query included (never a credential). */
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
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'TimeoutError';
  /** The request's method. */
  readonly method: string;
  /** The request URL, query included (never a credential). */
  readonly url: string;
  /** The timeout that passed, in milliseconds. */
  readonly timeout: number;
}

/** The request succeeded but its payload did not match the expected shape. */
export interface DecodeError {
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'DecodeError';
  /** One line per problem, from io-ts's `PathReporter`. */
  readonly messages: ReadonlyArray<string>;
  /** The io-ts `Errors`; left out for auth answers, which carry access tokens. */
  readonly errors?: t.Errors;
  /** The request's method, when the value came from a request. */
  readonly method?: string;
  /** The request URL, query included (never a credential), when the value came from a request. */
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
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'ProtocolError';
  /** What the answer broke, in one line. */
  readonly message: string;
  /** The request's method. */
  readonly method?: string;
  /** The request URL, query included (never a credential). */
  readonly url?: string;
}

/**
 * The server refused one change of a bulk write (`postMany$`), with Simperium's change error code:
 * 400 a malformed change, 401 a read-only share, 404 no such object (or not visible), 405 a bad
 * base version, 440 a diff that cannot be applied. The other changes of the write are not affected.
 */
export interface ChangeError {
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'ChangeError';
  /** The id of the object the refused change was for. */
  readonly id: string;
  /** Simperium's change error code (400, 401, 404, 405, 440 …). */
  readonly code: number;
}

/** An argument was rejected before any request was sent (bad bucket name, empty id, …). */
export interface InvalidArgumentError {
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'InvalidArgumentError';
  /** The name of the refused argument, e.g. `bucket`, `id`, `version`. */
  readonly argument: string;
  /** Which rule it broke (it never repeats a credential). */
  readonly message: string;
}

/**
 * A change feed was asked to resume from a cursor the server no longer knows (HTTP 404 on
 * `changes`/`all`). Re-index the bucket and follow the feed from the index's `current`.
 */
export interface UnknownCursorError {
  /** The tag of this member of {@link SimperiumError}. */
  readonly _tag: 'UnknownCursorError';
  /** The cursor the server no longer knows. */
  readonly cv: string;
  /** The request URL, query included (never a credential). */
  readonly url: string;
}

/**
 * Every expected failure, as a value: what a call emits as a `Left`. A union of plain read-only
 * objects tagged by `_tag`; read one with a guard (`isHttpError` …) or a `switch` on `_tag`.
 * None of them ever holds the access token, the API key or the admin key.
 *
 * ## Example
 *
 * ```ts
 * import { either as E } from 'fp-ts';
 * import { Api, isHttpError } from 'simperium-rx';
 *
 * new Api('my-app-id', token)
 *   .bucket('todo')
 *   .get$('5f3c')
 *   .subscribe(
 *     E.match(
 *       (error) => {
 *         if (isHttpError(error) && error.status === 404) console.log('no such todo');
 *         else console.error(error._tag);
 *       },
 *       (todo) => console.log(todo.version, todo.data),
 *     ),
 *   );
 * ```
 */
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

/** Makes a {@link HttpError}: the fields given, with `_tag: 'HttpError'` added. */
export const httpError = /* @__PURE__ */ tagged<HttpError>('HttpError');
/** Makes a {@link NetworkError}: the fields given, with `_tag: 'NetworkError'` added. */
export const networkError = /* @__PURE__ */ tagged<NetworkError>('NetworkError');
/** Makes a {@link TimeoutError}: the fields given, with `_tag: 'TimeoutError'` added. */
export const timeoutError = /* @__PURE__ */ tagged<TimeoutError>('TimeoutError');
/** Makes a {@link DecodeError}: the fields given, with `_tag: 'DecodeError'` added. */
export const decodeError = /* @__PURE__ */ tagged<DecodeError>('DecodeError');
/** Makes a {@link ProtocolError}: the fields given, with `_tag: 'ProtocolError'` added. */
export const protocolError = /* @__PURE__ */ tagged<ProtocolError>('ProtocolError');
/** Makes a {@link ChangeError}: the fields given, with `_tag: 'ChangeError'` added. */
export const changeError = /* @__PURE__ */ tagged<ChangeError>('ChangeError');
/** Makes an {@link InvalidArgumentError} for `argument`, with `message` saying which rule it broke. */
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

/** Makes an {@link UnknownCursorError} for the cursor `cv`, refused at `url`. */
export const unknownCursorError = (cv: string, url: string): UnknownCursorError => ({
  _tag: 'UnknownCursorError',
  cv,
  url,
});

/* Guards: plain functions, so a bundle keeps only the ones an app calls */

const tagOf = (u: unknown): unknown =>
  typeof u === 'object' && u !== null ? (u as { _tag?: unknown })._tag : undefined;

/**
 * True for a {@link HttpError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isHttpError = (u: unknown): u is HttpError => tagOf(u) === 'HttpError';
/**
 * True for a {@link NetworkError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isNetworkError = (u: unknown): u is NetworkError => tagOf(u) === 'NetworkError';
/**
 * True for a {@link TimeoutError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isTimeoutError = (u: unknown): u is TimeoutError => tagOf(u) === 'TimeoutError';
/**
 * True for a {@link DecodeError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isDecodeError = (u: unknown): u is DecodeError => tagOf(u) === 'DecodeError';
/**
 * True for a {@link ProtocolError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isProtocolError = (u: unknown): u is ProtocolError => tagOf(u) === 'ProtocolError';
/**
 * True for a {@link ChangeError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isChangeError = (u: unknown): u is ChangeError => tagOf(u) === 'ChangeError';
/**
 * True for an {@link InvalidArgumentError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
export const isInvalidArgumentError = (u: unknown): u is InvalidArgumentError =>
  tagOf(u) === 'InvalidArgumentError';
/**
 * True for a {@link UnknownCursorError}. Checks `_tag` only, so it works across realms and on an error that went
 * through `JSON.parse`.
 */
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
