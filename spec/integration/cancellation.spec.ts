/**
 * Cancellation leaves nothing behind: a thousand subscribe/unsubscribe cycles of `changes$`,
 * `index$` and `get$` against the local server, over each transport — the default one on Node
 * (`node:http` keep-alive agents) and Node's own `fetch` passed as the client's `fetch` — end
 * with the same live handles (sockets, timers) as before, no listener warnings, and no long-poll
 * still held by the server.
 *
 * Keep-alive: both transports keep the connection of a request that completed in a pool, open
 * for an idle timeout (the agents' 4 s; for `fetch`, the server's `Keep-Alive: timeout=5` hint
 * less one second), so that the next request can reuse it. That is by design and is not a leak; a connection whose
 * request was aborted mid-answer is destroyed at once instead. Counting right after the cycles
 * would therefore report the pooled sockets. Each test instead watches every socket opened on
 * either side (`watchSockets`) and awaits their `close` events — the pool's own idle close for
 * pooled ones — before it compares the handle counts with the baseline, which is itself taken
 * with no client connection open. Nothing is loosened: any socket, timer or held poll that would
 * never go away makes the test fail (by timeout when a socket never closes).
 */
import { firstValueFrom, take, type Subscription } from 'rxjs';
import { Api, Auth, type ApiOptions, type Bucket, type JsonObject } from '../../lib';
import { startServer, type RunningServer } from '../../lib/server';
import { trackResources } from '../support/handles';
import { describeLocalOnly } from '../support/local-server';
import { until } from '../support/server-http';
import { watchSockets, type SocketWatch } from '../support/socket-watch';

const CYCLES = 1_000;
const BATCH = 25;
const OBJECTS = 12;
/**
 * A test takes about a third of this on an idle two-core machine (a new connection per cancelled
 * request, then the pool's idle close); the margin is for loaded CI machines.
 */
const TEST_TIMEOUT_MS = 60_000;

let server: RunningServer;
let sockets: SocketWatch;
let appId: string;
let token: string;
let cursor: string;
const warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `cycle(i)` for i in 0…CYCLES-1, `BATCH` at a time. */
const inBatches = async (cycle: (i: number) => Promise<void>): Promise<void> => {
  for (let start = 0; start < CYCLES; start += BATCH) {
    await Promise.all(Array.from({ length: BATCH }, (_, k) => cycle(start + k)));
  }
};

/** Unsubscribes at one of three moments, by `i`: at once, after one turn, or after a value. */
const cancelAt = async (i: number, subscribe: (onValue: () => void) => Subscription) => {
  let valued = (): void => undefined;
  const value = new Promise<void>((resolve) => (valued = resolve));
  const subscription = subscribe(() => valued());
  if (i % 3 === 1) await nextTurn();
  if (i % 3 === 2) await value;
  subscription.unsubscribe();
};

/** Number of process listeners per event, to see none was added and left. */
const processListeners = (): Record<string, number> =>
  Object.fromEntries(
    process.eventNames().map((name) => [String(name), process.listenerCount(name)]),
  );

describeLocalOnly('cancellation', () => {
  beforeAll(async () => {
    sockets = watchSockets();
    server = await startServer({ pollWindowMs: 60_000 });
    const app = server.apps[0];
    if (!app) throw new Error('no app');
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    const user = await firstValueFrom(auth.create$('cancel@example.com', 'secret-password'));
    if (user._tag === 'Left') throw new Error(user.left._tag);
    appId = app.id;
    token = user.right.accessToken;
    const seed = new Api(appId, token, { baseUrl: server.url }).bucket('cycles');
    for (let i = 0; i < OBJECTS; i++) await firstValueFrom(seed.post$(`o${i}`, { i }));
    const page = await firstValueFrom(seed.indexPages$({ limit: 1 }));
    if (page._tag === 'Left') throw new Error(page.left._tag);
    cursor = page.right.current;
    // The setup's own pooled connections close first, so that each baseline holds none.
    await sockets.allClosed();
    process.on('warning', onWarning);
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    sockets.stop();
    await server.close();
  });

  /** Runs `cycles`, then checks that handles, listeners and held polls are back to before. */
  const leavesNothing = async (cycles: () => Promise<void>): Promise<void> => {
    const resources = await trackResources();
    const listeners = processListeners();
    const held = server.stats().heldPolls;
    const opened = sockets.opened();
    await cycles();
    await until(() => server.stats().heldPolls === held);
    await sockets.allClosed();
    expect(sockets.opened()).toBeGreaterThan(opened);
    expect(await resources.leaked()).toEqual({});
    expect(processListeners()).toEqual(listeners);
    expect(server.stats().heldPolls).toBe(held);
    expect(warnings).toEqual([]);
  };

  describe.each<[string, ApiOptions]>([
    ['the Node transport', {}],
    ["Node's fetch", { fetch: (url, init) => fetch(url, init) }],
  ])('over %s', (_name, transport) => {
    let bucket: Bucket<JsonObject>;

    beforeAll(async () => {
      bucket = new Api(appId, token, { baseUrl: server.url, ...transport }).bucket('cycles');
      await sockets.allClosed();
    });

    it(
      'should leave nothing behind after 1,000 changes$ cycles cancelled while the server holds them',
      async () => {
        // Each batch is unsubscribed only once the server holds all of its polls, so every cycle
        // cancels a request that really reached the server.
        await leavesNothing(async () => {
          for (let start = 0; start < CYCLES; start += BATCH) {
            const held = server.stats().heldPolls;
            const subscriptions = Array.from({ length: BATCH }, () =>
              bucket.changes$({ cv: cursor }).subscribe(),
            );
            await until(() => server.stats().heldPolls === held + BATCH);
            subscriptions.forEach((s) => s.unsubscribe());
            await until(() => server.stats().heldPolls === held);
          }
        });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should leave nothing behind after 1,000 index$ cycles cancelled before, during and between pages',
      async () => {
        await leavesNothing(() =>
          inBatches((i) =>
            cancelAt(i, (onValue) => bucket.index$({ limit: 5 }).pipe(take(7)).subscribe(onValue)),
          ),
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should leave nothing behind after 1,000 get$ cycles cancelled before, during and after the answer',
      async () => {
        await leavesNothing(() =>
          inBatches((i) =>
            cancelAt(i, (onValue) => bucket.get$(`o${i % OBJECTS}`).subscribe(onValue)),
          ),
        );
      },
      TEST_TIMEOUT_MS,
    );
  });
});
