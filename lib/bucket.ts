/**
 * `Bucket<A>`: one bucket of the data API, with documents decoded by a codec. A thin class over
 * the functional core (`endpoints/`, `streams/`): each method passes the bucket's context, name
 * and codec to one function.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import type { Change } from './codecs/change.js';
import type { IndexEntry, IndexPage } from './codecs/index-page.js';
import { deleteObject$ } from './endpoints/delete-object.js';
import { getObject$ } from './endpoints/get-object.js';
import type {
  DeleteOptions,
  DeleteResult,
  GetOptions,
  GetResult,
  NewOptions,
  PostOptions,
  PostResult,
  ShareOptions,
} from './endpoints/object-types.js';
import { newObject$, postObject$ } from './endpoints/post-object.js';
import { shareObject$ } from './endpoints/share-object.js';
import type { SimperiumError } from './errors.js';
import { onDemand, type ObservableEither } from './observable-either.js';
import type { AllOptions } from './streams/all-feed.js';
import { changesFeed, type ChangesOptions } from './streams/feeds.js';
import type { IndexOptions } from './streams/index-listing.js';
import type { ApiContext } from './transport/context.js';
import type { LiveOptions, LiveView } from './live/types.js';
import type { PostManyEntry, PostManyOptions } from './endpoints/post-many.js';

/**
 * A bucket of documents of type `A`. Get one with `api.bucket(name, codec)`.
 *
 * The streams — `changes$`, `all$` (endless change feeds), `indexPages$` and `index$` (the lazy
 * index) — are documented on each method. Every other method is a one-shot call returning a cold Observable: nothing is sent before
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
 * Documents are sent in the codec's wire form (its `encode`, when it has one); the codec decodes
 * what the server returns.
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
export class Bucket<A> {
  /**
   * Built by `Api.bucket`; not constructed directly.
   *
   * @param name the bucket name (validated on each call, so a bad name is a `Left`, not a throw)
   * @param codec decodes the bucket's documents
   * @param context the client context (internal: not part of the public API)
   */
  constructor(
    readonly name: string,
    readonly codec: t.Decoder<unknown, A>,
    /** @internal */ readonly context: ApiContext,
  ) {}

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
    return newObject$(this.context, this.name, this.codec, data, options);
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
    return postObject$(this.context, this.name, this.codec, id, data, options);
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
    return getObject$(this.context, this.name, this.codec, id, options);
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
    return deleteObject$(this.context, this.name, id, options);
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
    return shareObject$(this.context, this.name, id, username, options);
  }

  /**
   * The endless feed of this user's changes to the bucket, by long polling `GET
   * {bucket}/changes?clientid=…&cv=…`. Cold: nothing is sent before subscribe, and each
   * subscription starts from `options.cv`.
   *
   * Emits each change as `Right(change)`, in order, with its wire names (`id`, `cv`, `o`, `v`,
   * `sv`, `ev`, `ccids`, `clientid`): store `cv` to resume later. Each request asks for the
   * changes after the last emitted `cv`; an empty answer, or none within `pollWindow`, just polls
   * again (after an empty answer, no sooner than `minInterval` after the previous request was
   * sent). A change that does not decode is a `Left(DecodeError)` item and the feed goes on.
   *
   * Never completes by itself. Transient failures (network, timeout, 408, 429 after its
   * `Retry-After`, 5xx, an answer that is not a list) are retried forever with capped exponential
   * backoff and jitter, from the last emitted `cv`: nothing is lost or emitted twice. It ends with
   * one final `Left`, then completes, on `InvalidArgumentError` (bad options; nothing sent),
   * `UnknownCursorError` (HTTP 404: the cursor is too old — re-read the index and follow from its
   * `current`) or `HttpError` (401/403 and other statuses retrying cannot fix). Unsubscribing
   * aborts the request held open and clears every timer.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').changes$({ cv: savedCv }).subscribe((c) => {
   *   if (c._tag === 'Right') save(c.right.cv);
   * });
   * ```
   *
   * @param options `cv`, `pollWindow` (long-poll window, default 30 s), `minInterval` (least time
   *   between requests after an empty answer, default 1 s), `retry`
   */
  changes$(options: ChangesOptions = {}): ObservableEither<SimperiumError, Change<A>> {
    return changesFeed(this.context, this.name, this.codec, options);
  }

  /**
   * The endless feed of every user's changes to the bucket (**admin key**), by long polling `GET
   * {bucket}/all?clientid=…&cv=…` plus `data=1`, `username=1`, `most_recent=1`, one
   * `skip_clientid` per skipped client and `batch` when asked. Ids are `{userid}/{id}`; with
   * `data`, `d` is the object's latest data decoded with the bucket's codec (not its data at that
   * change); with `withUsernames`, `username` is the author.
   *
   * Its code loads on first use: an admin key never belongs in a browser, so browser bundles
   * need not carry it. Same contract as {@link Bucket.changes$}: cold; emits `Right(change)` per change and
   * `Left(DecodeError)` per undecodable one; never completes by itself; retries transient
   * failures forever from the last emitted `cv`; ends with one `Left` (`InvalidArgumentError`,
   * `UnknownCursorError`, `HttpError` 401/403 …) then completes; unsubscribing aborts the request
   * held open and clears every timer.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', adminKey)
   *   .bucket('todo')
   *   .all$({ data: true, withUsernames: true, skipClientIds: ['my-worker'] })
   *   .subscribe(console.log);
   * ```
   *
   * @param options `cv`, `data`, `withUsernames`, `mostRecent`, `skipClientIds`, `batch`, `pollWindow`,
   *   `minInterval`, `retry`
   */
  all$(options: AllOptions = {}): ObservableEither<SimperiumError, Change<A>> {
    return onDemand(
      () => import('./streams/all-feed.js'),
      (all) => all.allFeed(this.context, this.name, this.codec, options),
    );
  }

  /**
   * The bucket's index, one page at a time: `GET {bucket}/index?limit=…&mark=…&data=1&since=…`.
   * Its code loads on first use. Cold: the first page is requested on subscribe; the next one, by the previous page's `mark`,
   * only after that page was emitted and only while subscribed.
   *
   * Emits each page as `Right({ current, index: [{ id, version, data? }], mark?, count? })`.
   * `current` is the bucket's cursor when the page was made: after reading every page, follow
   * {@link Bucket.changes$} from the first page's `current` to miss no change. Completes
   * after the last page (no `mark`). A `Left` ends the listing right after it is emitted:
   * `InvalidArgumentError` (bad options; nothing sent), `HttpError`, `NetworkError`,
   * `TimeoutError` (after the `retry` policy's retries: the `Api`'s, none by default),
   * `DecodeError` (an answer that is not a page) or `ProtocolError` (a page repeats a `mark`
   * already followed, which would page forever). Entries that do not decode do not end it: they
   * are in the page's `invalid`, with their position and `DecodeError`. Unsubscribing aborts the page request
   * in flight and requests no further page.
   *
   * ## Example
   *
   * ```ts
   * import { take } from 'rxjs';
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').indexPages$({ data: true }).pipe(take(1)).subscribe();
   * ```
   *
   * @param options `data`, `limit`, `since`, `retry`
   */
  indexPages$(options: IndexOptions = {}): ObservableEither<SimperiumError, IndexPage<A>> {
    return onDemand(
      () => import('./streams/index-listing.js'),
      (index) => index.indexPages(this.context, this.name, this.codec, options),
    );
  }

  /**
   * The bucket's index entries, fetched lazily: {@link Bucket.indexPages$} flattened.
   * Emits `Right({ id, version, data? })` for each object, most recently modified first, page
   * after page; a page is requested only once the previous page's entries were emitted, so
   * `index$({ limit: 100 }).pipe(take(250))` sends exactly three requests. Completes after the
   * last entry. An entry that does not decode is a `Left(DecodeError)` item (with its `id` when
   * readable), after its page's valid entries, and the listing goes on; a failing page (same cases as `indexPages$`)
   * is emitted as a `Left` and ends the listing. Unsubscribing aborts the page request in flight.
   *
   * ## Example
   *
   * ```ts
   * import { take } from 'rxjs';
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token).bucket('todo').index$({ limit: 100 }).pipe(take(250)).subscribe();
   * ```
   *
   * @param options `data`, `limit`, `since`, `retry`
   */
  index$(options: IndexOptions = {}): ObservableEither<SimperiumError, IndexEntry<A>> {
    return onDemand(
      () => import('./streams/index-listing.js'),
      (index) => index.indexEntries(this.context, this.name, this.codec, options),
    );
  }

  /**
   * The bucket as an always-current, typed map: a live view. Cold and shared: the first
   * subscriber starts it, every later subscriber of `live$()` on this bucket object (with the same
   * `store`) shares it and gets its current state at once, and it stops when the last one leaves,
   * aborting its requests. The view's code loads on first use.
   *
   * It reads the index with data (or, when its store holds a snapshot, emits exactly that snapshot
   * first and resumes from its cursor without reading the index), then follows
   * {@link Bucket.changes$} from there: each change applies to the object's data when it was made
   * on the version held, and the object is read again ({@link Bucket.get$}) when it was not;
   * deletions drop it. Emits `Right(view)` once per applied answer, not once per change:
   * `{ status, cv, objects, versions, pending, invalid }`, with new immutable maps each time.
   * `status` is `loading` while the index is read, `live` once the feed is followed (without
   * waiting for its first answer), `reconnecting` while the feed retries after a transient
   * failure. Documents decode with the bucket's codec; one that does not is in `invalid`, not in
   * `objects`, and the view goes on.
   *
   * Writes made with `post$`, `set$`, `new$` and `delete$` of this API client while the view runs
   * show in it at once, counted by `pending`, and settle on the server's result — for concurrent
   * edits of one text, the merge the server made; a write that fails is rolled back.
   *
   * Never ends for a recoverable reason: transient failures are retried as the feeds retry them,
   * and a cursor the server no longer knows makes the view read the index again (`loading`
   * meanwhile). It emits one `Left` and completes when the server refuses the credentials (HTTP
   * 401 or 403) or an option is invalid (`InvalidArgumentError`). The state is saved to the store
   * at most `saveInterval` behind, and at once when the view stops.
   *
   * ## Example
   *
   * ```ts
   * import * as t from 'io-ts';
   * import { Api } from 'simperium-rx';
   *
   * const todo = new Api('my-app-id', token).bucket('todo', t.type({ text: t.string, done: t.boolean }));
   * todo.live$().subscribe((view) => {
   *   if (view._tag === 'Right') render([...view.right.objects.values()], view.right.status);
   * });
   * ```
   *
   * @param options `store`, `storeKey`, `saveInterval`, `pageSize`, `pollWindow`, `retry`,
   *   `scheduler`
   */
  live$(options: LiveOptions = {}): ObservableEither<SimperiumError, LiveView<A>> {
    return onDemand(
      () => import('./live/shared.js'),
      (live) => live.sharedLiveView$(this, this.context, this.name, this.codec, options),
    );
  }

  /**
   * Writes many documents in few requests, over the bulk endpoint `POST {bucket}/changes?wait=1`:
   * the entries are cut into requests under a size and a count limit, sent one after the other.
   * Each entry is `{ id, data, version?, replace? }`: its keys are merged into the document, or,
   * with `replace`, it becomes the whole document (see `PostManyEntry` for `version`); data is
   * sent in the codec's wire form. The ccids are fixed when this is called, so re-subscribing or
   * retrying a request never writes an entry twice. Its code loads on first use.
   *
   * Cold. Emits one `Either` per entry, in input order, then completes: `Right` of `post$`'s
   * result shape (`{ id, version, changed }`; a change that changed nothing is `changed: false`),
   * or `Left(ChangeError)` with Simperium's change error code for an entry the server refused (the
   * others are written). When a request fails (after the retry policy, none by default), its
   * entries and every entry not yet sent get that `Left` (`HttpError`, `NetworkError` …), and no
   * further request is sent. An invalid bucket, id, version or option emits one
   * `Left(InvalidArgumentError)` and sends nothing. Unsubscribing aborts the request in flight and
   * sends no further one.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * const todo = new Api('my-app-id', token).bucket('todo');
   * todo.postMany$(rows.map((row) => ({ id: row.id, data: row, replace: true }))).subscribe();
   * ```
   *
   * @param entries the documents to write
   * @param options `chunkLength` (default 500), `chunkBytes` (default 1 MiB), `retry`
   */
  postMany$(
    entries: Iterable<PostManyEntry<A>>,
    options: PostManyOptions = {},
  ): ObservableEither<SimperiumError, PostResult<A>> {
    const list = [...entries];
    // made once, on first subscribe, so every subscription sends the same ccids
    let write$: ObservableEither<SimperiumError, PostResult<A>> | undefined;
    return onDemand(
      () => import('./endpoints/post-many.js'),
      (bulk) => (write$ ??= bulk.postMany$(this.context, this.name, this.codec, list, options)),
    );
  }
}
