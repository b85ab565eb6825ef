/**
 * A live view store in memory: what a view uses when it is given none.
 *
 * @since 0.1.0
 */
import type { Confirmed } from './state.js';
import type { LiveStore, StoredView } from './types.js';

/**
 * A view's confirmed state as the view holds it (its own immutable maps): what a memory store
 * keeps for the views that save to it, so that a snapshot in memory shares the view's maps
 * instead of copying the bucket into records.
 */
export type HeldState = Confirmed & { readonly cv: string };

type Kept = StoredView | HeldState;

const isHeld = (kept: Kept): kept is HeldState => 'table' in kept;

/** What each memory store keeps, by key. */
const kept = new WeakMap<LiveStore, Map<string, Kept>>();

/**
 * A store that keeps snapshots in this process's memory, so a view started again (after its last
 * subscriber left) resumes where it stopped instead of reading the index again. Nothing survives
 * a restart: use `indexedDbStore` in a browser, or `fileStore` from `simperium-rx/node`, for that.
 *
 * A view saving to it keeps its own immutable maps there, which it shares, rather than a copy:
 * the snapshot costs next to no memory while the view runs (at most, until its next save, the
 * maps the view has just replaced). `load` answers a plain {@link StoredView} all the same.
 */
export const memoryStore = (): LiveStore => {
  const views = new Map<string, Kept>();
  const store: LiveStore = {
    load: (key) => {
      const view = views.get(key);
      return Promise.resolve(
        view === undefined || !isHeld(view)
          ? view
          : {
              cv: view.cv,
              objects: Object.fromEntries(view.table.documents),
              versions: Object.fromEntries(view.table.versions),
            },
      );
    },
    save: (key, view) => {
      views.set(key, view);
      return Promise.resolve();
    },
  };
  kept.set(store, views);
  return store;
};

/**
 * Keeps a view's state in `store` under `key` as it is, when `store` is a memory store; answers
 * whether it did (a view saves to any other store through `save`).
 */
export const holdState = (store: LiveStore, key: string, state: HeldState): boolean => {
  const views = kept.get(store);
  views?.set(key, state);
  return views !== undefined;
};

/** The state a view kept with {@link holdState} in `store` under `key`, if that is what it holds. */
export const heldState = (store: LiveStore, key: string): HeldState | undefined => {
  const view = kept.get(store)?.get(key);
  return view !== undefined && isHeld(view) ? view : undefined;
};
