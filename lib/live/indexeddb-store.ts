/**
 * A live view store in the browser's IndexedDB: views survive a reload, and a page shows its
 * objects before the network answers.
 *
 * @since 0.1.0
 */
import type { LiveStore, StoredView } from './types.js';

const OBJECT_STORE = 'views';

/** A request's result as a promise. */
const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/**
 * A store in the IndexedDB database `name` (created on first use, with one object store of views
 * by key). Each save replaces the view's record in one transaction, so a page closed mid-save
 * keeps the previous snapshot or the new one, never a mix. Rejects where there is no IndexedDB
 * (a view then goes on without its store).
 *
 * ## Example
 *
 * ```ts
 * import { Api, indexedDbStore } from 'simperium-rx';
 *
 * new Api('my-app-id', token)
 *   .bucket('todo')
 *   .live$({ store: indexedDbStore('my-app') })
 *   .subscribe((view) => view._tag === 'Right' && console.log(view.right.status, view.right.objects));
 * ```
 *
 * @param name the database name; give each app its own
 * @param indexedDB the IndexedDB factory (default: the global one; tests may pass another)
 */
export const indexedDbStore = (
  name: string,
  indexedDB: IDBFactory | undefined = globalThis.indexedDB,
): LiveStore => {
  let opened: Promise<IDBDatabase> | undefined;
  const database = (): Promise<IDBDatabase> =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (indexedDB === undefined) throw new Error('there is no IndexedDB here');
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(`cannot open IndexedDB ${name}`));
    }));
  const run = async <T>(
    mode: IDBTransactionMode,
    act: (views: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> => {
    const transaction = (await database()).transaction(OBJECT_STORE, mode);
    const result = done(act(transaction.objectStore(OBJECT_STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = transaction.onerror = () =>
        reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
    return result;
  };
  return {
    load: (key) => run('readonly', (views) => views.get(key) as IDBRequest<StoredView | undefined>),
    save: async (key, view) => {
      await run('readwrite', (views) => views.put(view, key));
    },
  };
};
