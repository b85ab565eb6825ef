/**
 * The browser side of `client.spec.ts`: bundled for the browser and loaded by a page served from
 * another origin than the API. It drives the real client and exposes a few async functions on
 * `window.simperiumHarness`, whose results travel back through `page.evaluate` as plain data:
 * each call answers with the `Either` the client emitted, its `Left` cut down to the fields that
 * identify the failure.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { firstValueFrom, lastValueFrom, toArray, type Subscription } from 'rxjs';
import { Api, Auth, type SimperiumError } from '../../lib';
import type { AuthResult } from '../../lib/codecs/auth-response';
import type { Change } from '../../lib/codecs/change';

/** Where the API is and which app to use. */
export interface PageConfig {
  readonly baseUrl: string;
  readonly appId: string;
  readonly apiKey: string;
}

/** The parts of a `SimperiumError` worth comparing; never a header. */
export interface ErrorSummary {
  readonly _tag: SimperiumError['_tag'];
  readonly status?: number;
  readonly url?: string;
  readonly messages?: ReadonlyArray<string>;
}

export type Outcome<A> = E.Either<ErrorSummary, A>;

const Todo = t.type({ text: t.string, done: t.boolean });
export type Todo = t.TypeOf<typeof Todo>;

/** A change as the feed emitted it, without its cursor and client fields. */
export type ChangeSummary = Pick<Change<Todo>, 'id' | 'o' | 'ev' | 'v'>;

/** A codec the stored todos do not match, to provoke a `DecodeError`. */
const NumberedTodo = t.type({ text: t.number });

export interface Harness {
  /** How many requests went through the page's own `window.fetch`. */
  fetchCalls(): number;
  createUser(config: PageConfig, username: string, password: string): Promise<Outcome<AuthResult>>;
  newTodo(config: PageConfig, token: string, bucket: string, todo: Todo): Promise<Outcome<string>>;
  getTodo(
    config: PageConfig,
    token: string,
    bucket: string,
    id: string,
  ): Promise<Outcome<{ id: string; version: number; data: Todo }>>;
  /** `get$` with a codec that expects `text` to be a number. */
  getMistyped(
    config: PageConfig,
    token: string,
    bucket: string,
    id: string,
  ): Promise<Outcome<unknown>>;
  /** Every item `index$({ data: true })` emits, until it completes. */
  listTodos(
    config: PageConfig,
    token: string,
    bucket: string,
  ): Promise<Outcome<{ id: string; version: number; data?: Todo }>[]>;
  /** Subscribes to `changes$` (from the start, 300 s window); keeps its items under `feed`. */
  follow(config: PageConfig, token: string, bucket: string, feed: string): void;
  /** The first item the feed emitted, once it has. */
  firstChange(feed: string): Promise<Outcome<ChangeSummary>>;
  /** Unsubscribes the feed; answers how many items it had emitted. */
  unfollow(feed: string): number;
}

declare global {
  interface Window {
    simperiumHarness: Harness;
  }
}

// Count the requests that reach the page's fetch: the client must use the platform's.
const platformFetch = window.fetch.bind(window);
let fetchCalls = 0;
window.fetch = (input, init) => {
  fetchCalls += 1;
  return platformFetch(input, init);
};

const summarize = (e: SimperiumError): ErrorSummary => ({
  _tag: e._tag,
  ...('status' in e ? { status: e.status } : {}),
  ...('url' in e && e.url !== undefined ? { url: e.url } : {}),
  ...('messages' in e ? { messages: e.messages } : {}),
});

const outcome = <A>(result: E.Either<SimperiumError, A>): Outcome<A> =>
  E.mapLeft(summarize)(result);

const api = (config: PageConfig, token: string): Api =>
  new Api(config.appId, token, { baseUrl: config.baseUrl });

/** Longer than any test: a feed's request is never dropped and re-sent while a test runs. */
const FEED_TIMEOUT_MS = 300_000;

interface Feed {
  readonly items: Outcome<ChangeSummary>[];
  readonly subscription: Subscription;
  readonly first: Promise<void>;
}
const feeds = new Map<string, Feed>();

window.simperiumHarness = {
  fetchCalls: () => fetchCalls,
  createUser: async (config, username, password) =>
    outcome(
      await firstValueFrom(
        new Auth(config.appId, config.apiKey, { baseUrl: config.baseUrl }).create$(
          username,
          password,
        ),
      ),
    ),
  newTodo: async (config, token, bucket, todo) =>
    outcome(await firstValueFrom(api(config, token).bucket(bucket, Todo).new$(todo))),
  getTodo: async (config, token, bucket, id) =>
    outcome(await firstValueFrom(api(config, token).bucket(bucket, Todo).get$(id))),
  getMistyped: async (config, token, bucket, id) =>
    outcome(await firstValueFrom(api(config, token).bucket(bucket, NumberedTodo).get$(id))),
  listTodos: async (config, token, bucket) =>
    (
      await lastValueFrom(
        api(config, token).bucket(bucket, Todo).index$({ data: true }).pipe(toArray()),
      )
    ).map(outcome),
  follow: (config, token, bucket, name) => {
    const items: Feed['items'] = [];
    let arrived = (): void => undefined;
    const first = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = api(config, token)
      .bucket(bucket, Todo)
      .changes$({ timeout: FEED_TIMEOUT_MS })
      .subscribe((item) => {
        items.push(outcome(E.map(({ id, o, ev, v }: Change<Todo>) => ({ id, o, ev, v }))(item)));
        arrived();
      });
    feeds.set(name, { items, subscription, first });
  },
  firstChange: async (name) => {
    const feed = feeds.get(name);
    if (!feed) throw new Error(`no feed ${name}`);
    await feed.first;
    const [item] = feed.items;
    if (!item) throw new Error(`feed ${name} emitted nothing`);
    return item;
  },
  unfollow: (name) => {
    const feed = feeds.get(name);
    if (!feed) throw new Error(`no feed ${name}`);
    feed.subscription.unsubscribe();
    feeds.delete(name);
    return feed.items.length;
  },
};
