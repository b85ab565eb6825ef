/**
 * `Bucket<A>`: one bucket of the data API, with documents decoded by a codec.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { map } from 'rxjs';
import type {
  DeleteOptions,
  DeleteResult,
  GetOptions,
  GetResult,
  NewOptions,
  PostOptions,
  PostResult,
  ShareOptions,
} from './bucket-types';
import { readDeleteResult, readGetResult, readPostResult } from './codecs/object-results';
import type { SimperiumError } from './errors';
import { left, type ObservableEither } from './observable-either';
import { BucketStreams } from './bucket-streams';
import { execute, type Exchange, type RequestSpec } from './transport/execute';
import { defaultOneShotRetry, retryEither } from './transport/retry';
import type { Query } from './transport/urls';
import {
  validateAsciiId,
  validateBucketName,
  validateObjectId,
  validateUsername,
  validateVersion,
  type Validation,
} from './transport/validate';
import { uuidHex } from './uuid-hex';

/** Runs `f` on the validated value, or emits the first `InvalidArgumentError` (sending nothing). */
const validated = <V, B>(
  v: Validation<V>,
  f: (value: V) => ObservableEither<SimperiumError, B>,
): ObservableEither<SimperiumError, B> => (E.isLeft(v) ? left(v.left) : f(v.right));

const optional = <V>(
  value: V | undefined,
  check: (u: unknown) => Validation<V>,
): Validation<V | undefined> => (value === undefined ? E.right(undefined) : check(value));

/**
 * A bucket of documents of type `A`. Get one with `api.bucket(name, codec)`.
 *
 * The streams — `changes$`, `all$` (endless change feeds), `indexPages$` and `index$` (the lazy
 * index) — are inherited from {@link BucketStreams}, where their contracts are documented.
 *
 * Every other method is a one-shot call returning a cold Observable: nothing is sent before
 * subscribe, and each subscription sends the request again. Each emits exactly one `Either` and
 * completes; network failures, timeouts, 408, 429 and 5xx are first retried as the `Api`'s
 * `retry` option says (not at all by default). `Left` values:
 * `InvalidArgumentError` for a bad bucket name, id, username or version (nothing is sent);
 * `HttpError` for an unexpected status (401 bad token, 404 missing object or version, 400 …);
 * `NetworkError` / `TimeoutError` when no answer arrived; `DecodeError` when the answer does not
 * match (the codec, or a missing `X-Simperium-Version` on `get$`). Unsubscribing aborts the
 * request.
 *
 * Writes (`new$`, `post$`, `set$`, `delete$`, `share$`) send `clientid` and `ccid`. The ccid is
 * fixed when the method is called, not at subscribe time: re-subscribing to the same Observable
 * (for instance through `retry`) re-sends the **same** ccid, so the server applies the write at
 * most once and answers a repeat with 409, which these methods treat as success.
 *
 * Documents are sent as `JSON.stringify(data)`; the codec decodes what the server returns.
 *
 * ## Example
 *
 * ```ts
 * import * as t from 'io-ts';
 * import { Api } from 'simperium-rx';
 *
 * const Todo = t.type({ text: t.string, done: t.boolean });
 * const todo = new Api('my-app-id', accessToken).bucket('todo', Todo);
 * todo.new$({ text: 'Write the docs', done: false }).subscribe((id) => console.log(id));
 * ```
 */
export class Bucket<A> extends BucketStreams<A> {
  /**
   * Creates a document under a new random id (uuid v4 hex, fixed when called, like the ccid).
   * Cold: sends `POST {bucket}/i/{id}` on subscribe. Emits the id once the server stored the
   * document, then completes. `Left` cases as for {@link Bucket.post$}. Unsubscribing aborts the
   * request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').new$({ text: 'Buy milk' }).subscribe(console.log);
   * ```
   *
   * @param data the whole document
   * @param options `ccid`
   */
  new$(data: A, options: NewOptions = {}): ObservableEither<SimperiumError, string> {
    const id = uuidHex();
    return this.post$(id, data, { ccid: options.ccid }).pipe(map(E.map(() => id)));
  }

  /**
   * Writes a document: merges the keys of `data` into it (creating it if needed), or replaces it
   * with `replace: true`. Cold: sends `POST {bucket}/i/{id}[/v/{version}]` on subscribe. Emits
   * `{ id, version, changed, data? }` once, then completes: HTTP 412 (the write changed nothing)
   * emits `changed: false`; HTTP 409 (this ccid was already applied) emits `changed: true`; with
   * `response: true`, `data` is the resulting document decoded with the bucket's codec. `Left`:
   * `InvalidArgumentError` (bad bucket, id, version or ccid, or data JSON cannot hold; nothing
   * sent), `HttpError` (400, 401, 404 unknown version …), `NetworkError`, `TimeoutError`,
   * `DecodeError` (the resulting document or the version header). Unsubscribing aborts the
   * request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * const todo = new Api('my-app-id', token).bucket('todo');
   * todo.post$('5f3c…', { done: true }, { response: true }).subscribe((r) => {
   *   if (r._tag === 'Right') console.log(r.right.version, r.right.data);
   * });
   * ```
   *
   * @param id the object id (`{userid}/{id}` for an object shared with this user)
   * @param data the keys to merge, or the whole document with `replace: true`
   * @param options `version`, `replace`, `ccid`, `response`
   */
  post$(
    id: string,
    data: Partial<A>,
    options: PostOptions = {},
  ): ObservableEither<SimperiumError, PostResult<A>> {
    const ccid = options.ccid ?? uuidHex();
    const checks = pipe(
      E.Do,
      E.apS('path', this.objectPath(id, options.version)),
      E.apS('ccid', validateAsciiId('ccid', ccid)),
    );
    return validated(checks, ({ path }) =>
      this.run({
        method: 'POST',
        path,
        query: this.writeQuery(ccid, { response: options.response, replace: options.replace }),
        body: data,
        accept: [200, 409, 412],
      }).pipe(map(E.chainW(readPostResult(this.codec, id, options.response === true)))),
    );
  }

  /**
   * Same as {@link Bucket.post$}, under the Python client's name: same request, same emissions,
   * same `Left` cases; unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').set$('5f3c…', { done: true }).subscribe();
   * ```
   */
  set$(
    id: string,
    data: Partial<A>,
    options: PostOptions = {},
  ): ObservableEither<SimperiumError, PostResult<A>> {
    return this.post$(id, data, options);
  }

  /**
   * Reads a document, or one of its versions. Cold: sends `GET {bucket}/i/{id}[/v/{version}]` on
   * subscribe. Emits `{ id, version, data }` once, then completes. `Left`:
   * `InvalidArgumentError` (nothing sent), `HttpError` (404 missing object or version, 401 …),
   * `NetworkError`, `TimeoutError`, `DecodeError` (the body does not match the codec, or the
   * `X-Simperium-Version` header is missing). Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * const todo = new Api('my-app-id', token).bucket('todo');
   * todo.get$('5f3c…', { version: 1 }).subscribe(console.log);
   * ```
   *
   * @param id the object id
   * @param options `version`
   */
  get$(id: string, options: GetOptions = {}): ObservableEither<SimperiumError, GetResult<A>> {
    return validated(this.objectPath(id, options.version), (path) =>
      this.run({ method: 'GET', path }).pipe(map(E.chainW(readGetResult(this.codec, id)))),
    );
  }

  /**
   * Deletes a document (only if `version` is still current, when given). Cold: sends `DELETE
   * {bucket}/i/{id}[/v/{version}]` on subscribe. Emits `{ id, version? }` once, then completes;
   * HTTP 409 (this ccid was already applied) counts as success. `Left`: `InvalidArgumentError`
   * (nothing sent), `HttpError` (404 missing, 412 `version` not current …), `NetworkError`,
   * `TimeoutError`, `DecodeError` (a malformed version header). Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').delete$('5f3c…').subscribe(console.log);
   * ```
   *
   * @param id the object id
   * @param options `version`, `ccid`
   */
  delete$(id: string, options: DeleteOptions = {}): ObservableEither<SimperiumError, DeleteResult> {
    const ccid = options.ccid ?? uuidHex();
    const checks = pipe(
      E.Do,
      E.apS('path', this.objectPath(id, options.version)),
      E.apS('ccid', validateAsciiId('ccid', ccid)),
    );
    return validated(checks, ({ path }) =>
      this.run({ method: 'DELETE', path, query: this.writeQuery(ccid), accept: [200, 409] }).pipe(
        map(E.chainW(readDeleteResult(id))),
      ),
    );
  }

  /**
   * Shares a document with another user, who then sees it as `{yourUserId}/{id}`. Cold: sends
   * `POST {bucket}/i/{id}/share/{username}` with `{"write_access": …}` on subscribe. Emits
   * `undefined` once done, then completes; HTTP 409 (this ccid was already applied) counts as
   * success. `Left`: `InvalidArgumentError` (nothing sent), `HttpError` (404 unknown object or
   * user, 400 …), `NetworkError`, `TimeoutError`. Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * const todo = new Api('my-app-id', token).bucket('todo');
   * todo.share$('5f3c…', 'ann@example.com', { writeAccess: true }).subscribe();
   * ```
   *
   * @param id the object id
   * @param username the user to share with
   * @param options `writeAccess` (default `false`), `ccid`
   */
  share$(
    id: string,
    username: string,
    options: ShareOptions = {},
  ): ObservableEither<SimperiumError, void> {
    const ccid = options.ccid ?? uuidHex();
    const checks = pipe(
      E.Do,
      E.apS('path', this.objectPath(id)),
      E.apS('username', validateUsername(username)),
      E.apS('ccid', validateAsciiId('ccid', ccid)),
    );
    return validated(checks, ({ path, username: user }) =>
      this.run({
        method: 'POST',
        path: [...path, 'share', user],
        query: this.writeQuery(ccid),
        body: { write_access: options.writeAccess === true },
        accept: [200, 409],
      }).pipe(map(E.map(() => undefined))),
    );
  }

  /**
   * @internal Runs a one-shot request through this bucket's client context, retried by the
   * `Api`'s `retry` policy (none by default). A retry re-subscribes to the same request, so a
   * write re-sends the same ccid.
   */
  run(spec: RequestSpec): ObservableEither<SimperiumError, Exchange> {
    return execute(this.context, spec).pipe(retryEither(this.context.retry ?? defaultOneShotRetry));
  }

  /** `clientid` and `ccid`, then the extra parameters, as every write sends them. */
  private writeQuery(ccid: string, extra: Query = {}): Query {
    return { clientid: this.context.clientId, ccid, ...extra };
  }

  /** `[bucket, 'i', id]` plus `['v', n]` for a version, once all three are valid. */
  private objectPath(id: string, version?: number): Validation<ReadonlyArray<string>> {
    return pipe(
      E.Do,
      E.apS('bucket', validateBucketName(this.name)),
      E.apS('id', validateObjectId(id)),
      E.apS('version', optional(version, validateVersion)),
      E.map(({ bucket, id: valid, version: v }) =>
        v === undefined ? [bucket, 'i', valid] : [bucket, 'i', valid, 'v', String(v)],
      ),
    );
  }
}
