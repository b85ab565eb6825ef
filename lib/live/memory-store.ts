/**
 * A live view store in memory: what a view uses when it is given none.
 *
 * @since 0.1.0
 */
import type { LiveStore, StoredView } from './types.js';

/**
 * A store that keeps snapshots in this process's memory, so a view started again (after its last
 * subscriber left) resumes where it stopped instead of reading the index again. Nothing survives
 * a restart: use `indexedDbStore` in a browser, or `fileStore` from `simperium-rx/node`, for that.
 */
export const memoryStore = (): LiveStore => {
  const views = new Map<string, StoredView>();
  return {
    load: (key) => Promise.resolve(views.get(key)),
    save: (key, view) => {
      views.set(key, view);
      return Promise.resolve();
    },
  };
};
