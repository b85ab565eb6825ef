/**
 * Sharing live views: every subscriber of `live$()` on one `Bucket` object (with the same store)
 * shares one view — one index read, one feed — and a late subscriber gets its current state at
 * once. The view stops when its last subscriber leaves. This module is loaded on first use of
 * `live$`, so that apps that never open a view do not carry it.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { ReplaySubject, share } from 'rxjs';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { memoryStore } from './memory-store.js';
import { storeKey } from './store-key.js';
import type { LiveOptions, LiveStore, LiveView } from './types.js';
import { liveView$ } from './view.js';

/** The views of each bucket object, by store (`undefined`: the bucket's own memory store). */
const views = new WeakMap<
  object,
  Map<LiveStore | undefined, ObservableEither<SimperiumError, LiveView<unknown>>>
>();

/** The memory store of each bucket object that was given no store. */
const memoryStores = new WeakMap<object, LiveStore>();

/**
 * The shared live view of a bucket object: created on the first call for that object and store,
 * with that call's options; later calls with the same store get the same view.
 *
 * @param owner the `Bucket` object the view belongs to
 */
export const sharedLiveView$ = <A>(
  owner: object,
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: LiveOptions,
): ObservableEither<SimperiumError, LiveView<A>> => {
  const byStore = views.get(owner) ?? new Map();
  views.set(owner, byStore);
  let view$ = byStore.get(options.store);
  if (view$ === undefined) {
    let store = options.store ?? memoryStores.get(owner);
    if (store === undefined) {
      store = memoryStore();
      memoryStores.set(owner, store);
    }
    view$ = liveView$(ctx, bucket, codec as t.Decoder<unknown, unknown>, {
      ...options,
      store,
      storeKey: options.storeKey ?? storeKey(ctx, bucket),
    }).pipe(
      share({
        connector: () => new ReplaySubject(1),
        resetOnError: true,
        resetOnComplete: true,
        resetOnRefCountZero: true,
      }),
    );
    byStore.set(options.store, view$);
  }
  return view$ as ObservableEither<SimperiumError, LiveView<A>>;
};
