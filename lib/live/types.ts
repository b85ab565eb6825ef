/**
 * The public types of live views: what `bucket.live$()` emits, its options, and the stores that
 * let a view resume.
 *
 * @since 0.1.0
 */
import type { SchedulerLike } from 'rxjs';
import type { DecodeError } from '../errors.js';
import type { JsonObject } from '../jsondiff/types.js';
import type { RetryOptions } from '../transport/retry.js';

/**
 * Where a view stands: `loading` while it reads the index (at first, and again when its cursor
 * is no longer known), `live` once it follows the change feed, `reconnecting` while the feed is
 * retrying after a transient failure.
 */
export type LiveStatus = 'loading' | 'live' | 'reconnecting';

/** One state of a bucket, as a live view emits it. Every map is immutable. */
export interface LiveView<A> {
  /** Where the view stands: see {@link LiveStatus}. */
  readonly status: LiveStatus;
  /** The cursor this view is current to (`undefined` before the first index page). */
  readonly cv: string | undefined;
  /** Every object the user can see, decoded with the bucket's codec, with local writes shown. */
  readonly objects: ReadonlyMap<string, A>;
  /** The server's version of each object (of the last state confirmed by the server). */
  readonly versions: ReadonlyMap<string, number>;
  /** Local writes not yet confirmed by the server. */
  readonly pending: number;
  /** Objects whose data the codec refuses, with why; they are not in `objects`. */
  readonly invalid: ReadonlyMap<string, DecodeError>;
}

/** What a store keeps of a view: the server's state at a cursor, in wire form. */
export interface StoredView {
  /** The cursor the snapshot is current to: the view resumes the change feed from it. */
  readonly cv: string;
  /** Each object's data as the server sent it, by id. */
  readonly objects: Readonly<Record<string, JsonObject>>;
  /** Each object's version, by id. */
  readonly versions: Readonly<Record<string, number>>;
}

/**
 * Keeps views' snapshots between runs, under keys the views choose (one per application, bucket
 * and user). `load` resolves `undefined` when it has none for the key. Neither may reject for a
 * missing snapshot. A view treats a failed `load` as no snapshot (it reads the index) and a
 * failed `save` as not saved (it saves again with its next change); it goes on either way.
 */
export interface LiveStore {
  /**
   * The snapshot saved under `key`, or `undefined` when there is none.
   *
   * @param key the view's store key
   */
  load(key: string): Promise<StoredView | undefined>;
  /**
   * Saves `view` under `key`, replacing what was there; resolves once it is kept.
   *
   * @param key the view's store key
   * @param view the snapshot to keep
   */
  save(key: string, view: StoredView): Promise<void>;
}

/** Options of `bucket.live$`. */
export interface LiveOptions {
  /**
   * Where the view's snapshot is saved and resumed from (default: one memory store per bucket
   * object, which lets a view started again in the same process resume where it stopped).
   */
  readonly store?: LiveStore;
  /**
   * The store key (default: derived from the base URL, app, bucket and token, so that different
   * users never share a snapshot). Set it to share a snapshot across tokens of the same user.
   */
  readonly storeKey?: string;
  /** Milliseconds a save may lag behind the view (default 1000); unsubscribing saves at once. */
  readonly saveInterval?: number;
  /** Index entries per page while loading (default: the server's, 100). */
  readonly pageSize?: number;
  /** The change feed's long-poll window in milliseconds (default 30 000). */
  readonly pollWindow?: number;
  /** Overrides of the feed's retry delays (it always retries transient failures). */
  readonly retry?: Partial<RetryOptions>;
  /** Schedules saves and the return to `live` after a reconnect (virtual time in tests). */
  readonly scheduler?: SchedulerLike;
}
