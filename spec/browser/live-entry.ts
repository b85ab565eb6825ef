/**
 * The browser side of `live-store.spec.ts`: bundled for the browser and loaded by a page served
 * from another origin than the API. It opens a live view on an `indexedDbStore` and records, as
 * plain data that `page.evaluate` carries back, every view it emitted, every request the page
 * sent through `fetch` and every answer that came back, and the cursor of every save the store
 * completed.
 */
import * as t from 'io-ts';
import type { Subscription } from 'rxjs';
import { Api, indexedDbStore, type LiveStore, type LiveView } from '../../lib';
import type { PageConfig } from './entry';

const Todo = t.type({ text: t.string, done: t.boolean });
export type Todo = t.TypeOf<typeof Todo>;

/** A view as plain data, with when it came: how many API answers the page had received then. */
export interface ViewSummary {
  readonly status: LiveView<Todo>['status'];
  readonly cv: string | undefined;
  readonly objects: Readonly<Record<string, Todo>>;
  readonly versions: Readonly<Record<string, number>>;
  readonly pending: number;
  readonly answersBefore: number;
}

export interface LiveHarness {
  /**
   * Subscribes to `live$()` of `bucket` with `indexedDbStore(database)` (and the default store
   * key), recording each view; with `watchSaves`, through a store that records the cursor of
   * each save once IndexedDB has committed it.
   */
  open(
    config: PageConfig,
    token: string,
    bucket: string,
    database: string,
    watchSaves: boolean,
  ): void;
  /** Unsubscribes the view (which saves its state at once). */
  close(): void;
  views(): ViewSummary[];
  /** `Left`s the view emitted, by tag. */
  failures(): string[];
  /** The cursor of each completed save, in order. */
  saves(): string[];
  /** Every URL the page fetched, in order. */
  requests(): string[];
  /** How many answers (of any status) the page's `fetch` received. */
  answers(): number;
  /** The keys of the view records in the IndexedDB database `database`, read directly. */
  storedKeys(database: string): Promise<string[]>;
}

declare global {
  interface Window {
    liveHarness: LiveHarness;
  }
}

const requests: string[] = [];
let answers = 0;
const platformFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  requests.push(input instanceof Request ? input.url : String(input));
  try {
    return await platformFetch(input, init);
  } finally {
    answers += 1;
  }
};

const views: ViewSummary[] = [];
const failures: string[] = [];
const saves: string[] = [];
let subscription: Subscription | undefined;

/** The store, seen from outside: every save is passed on as it is, and recorded once done. */
const watched = (store: LiveStore): LiveStore => ({
  load: (key) => store.load(key),
  save: async (key, view) => {
    await store.save(key, view);
    saves.push(view.cv);
  },
});

window.liveHarness = {
  open: (config, token, bucket, database, watchSaves) => {
    const store = indexedDbStore(database);
    subscription = new Api(config.appId, token, { baseUrl: config.baseUrl })
      .bucket(bucket, Todo)
      .live$({ store: watchSaves ? watched(store) : store })
      .subscribe((view) => {
        if (view._tag === 'Left') {
          failures.push(view.left._tag);
          return;
        }
        const { status, cv, objects, versions, pending } = view.right;
        views.push({
          status,
          cv,
          objects: Object.fromEntries(objects),
          versions: Object.fromEntries(versions),
          pending,
          answersBefore: answers,
        });
      });
  },
  close: () => subscription?.unsubscribe(),
  views: () => views,
  failures: () => failures,
  saves: () => saves,
  requests: () => requests,
  answers: () => answers,
  storedKeys: (database) =>
    new Promise((resolve, reject) => {
      const opening = indexedDB.open(database);
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const db = opening.result;
        const keys = db.transaction('views', 'readonly').objectStore('views').getAllKeys();
        keys.onerror = () => reject(keys.error);
        keys.onsuccess = () => {
          db.close();
          resolve(keys.result.map(String));
        };
      };
    }),
};
