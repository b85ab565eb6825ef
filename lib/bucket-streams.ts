/**
 * The streaming reads of a bucket — the change feeds and the index — which `Bucket` inherits.
 * Kept apart from the one-shot calls in `bucket.ts` so that each file stays readable.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import type { Change } from './codecs/change';
import type { IndexEntry, IndexPage } from './codecs/index-page';
import type { SimperiumError } from './errors';
import type { ObservableEither } from './observable-either';
import { allFeed, changesFeed, type AllOptions, type ChangesOptions } from './streams/feeds';
import { indexPages, type IndexOptions } from './streams/index-listing';
import { entries } from './streams/pager';
import type { ApiContext } from './transport/context';

/** The streams of a bucket of documents of type `A`; see `Bucket`. */
export class BucketStreams<A> {
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
   * The endless feed of this user's changes to the bucket, by long polling `GET
   * {bucket}/changes?clientid=…&cv=…`. Cold: nothing is sent before subscribe, and each
   * subscription starts from `options.cv`.
   *
   * Emits each change as `Right(change)`, in order, with its wire names (`id`, `cv`, `o`, `v`,
   * `sv`, `ev`, `ccids`, `clientid`): store `cv` to resume later. Each request asks for the
   * changes after the last emitted `cv`; an empty answer, or none within `timeout`, just polls
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
   * @param options `cv`, `timeout` (long-poll window, default 30 s), `minInterval` (least time
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
   * change); with `username`, `username` is the author.
   *
   * Same contract as {@link BucketStreams.changes$}: cold; emits `Right(change)` per change and
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
   *   .all$({ data: true, username: true, skipClientIds: ['my-worker'] })
   *   .subscribe(console.log);
   * ```
   *
   * @param options `cv`, `data`, `username`, `mostRecent`, `skipClientIds`, `batch`, `timeout`,
   *   `minInterval`, `retry`
   */
  all$(options: AllOptions = {}): ObservableEither<SimperiumError, Change<A>> {
    return allFeed(this.context, this.name, this.codec, options);
  }

  /**
   * The bucket's index, one page at a time: `GET {bucket}/index?limit=…&mark=…&data=1&since=…`.
   * Cold: the first page is requested on subscribe; the next one, by the previous page's `mark`,
   * only after that page was emitted and only while subscribed.
   *
   * Emits each page as `Right({ current, index: [{ id, version, data? }], mark?, count? })`.
   * `current` is the bucket's cursor when the page was made: after reading every page, follow
   * {@link BucketStreams.changes$} from the first page's `current` to miss no change. Completes
   * after the last page (no `mark`). A `Left` ends the listing right after it is emitted:
   * `InvalidArgumentError` (bad options; nothing sent), `HttpError`, `NetworkError`,
   * `TimeoutError` (after the `retry` policy's retries: the `Api`'s, none by default) or
   * `DecodeError` (a page or a document does not match, or a page repeats a `mark` already
   * followed, which would page forever). Unsubscribing aborts the page request
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
    return indexPages(this.context, this.name, this.codec, options);
  }

  /**
   * The bucket's index entries, fetched lazily: `{@link BucketStreams.indexPages$}` flattened.
   * Emits `Right({ id, version, data? })` for each object, most recently modified first, page
   * after page; a page is requested only once the previous page's entries were emitted, so
   * `index$({ limit: 100 }).pipe(take(250))` sends exactly three requests. Completes after the
   * last entry; a `Left` (same cases as `indexPages$`) is emitted and ends the listing.
   * Unsubscribing aborts the page request in flight.
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
    return this.indexPages$(options).pipe(entries<SimperiumError, A>());
  }
}
