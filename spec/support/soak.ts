/**
 * The soak scenario: concurrent writers and two change-feed consumers run through a
 * fault-injecting proxy in front of the local server, and a third consumer follows the bucket
 * over the streaming protocol on sockets that break at random; then everything they did and saw
 * is checked against the server itself.
 *
 * ```ts
 * const report = await runSoak({ writes: 5000, faultRate: 0.15, seed: 1 });
 * // report.lost === report.duplicated === report.outOfOrder === report.dataMismatches === 0
 * ```
 *
 * The run:
 * 1. starts the local server (in memory, 1 s long-poll window) and a fault proxy in front of it,
 *    drawing from every fault kind at `faultRate`;
 * 2. creates a user directly against the server (the proxy sees none of the setup);
 * 3. through the proxy: `writers` writers, each with its own `Api` (so its own client id), post
 *    their share of `writes` one after the other, each writer to its own key of a handful of
 *    shared objects, with a unique value (so every write is a real change) and a ccid fixed per
 *    write (reused by every retry); meanwhile a `changes$` consumer (the user's token) and an
 *    `all$` consumer (the admin key) follow the bucket from its start, and so does a `changes$`
 *    consumer with `transport: 'websocket'`, straight to the server (the proxy speaks HTTP only)
 *    on sockets that break at `faultRate` of the messages they receive, before or after handing
 *    the message over (`cutting-socket.ts`);
 * 4. once every write has an answer, reads the bucket's final cursor directly from the server and
 *    waits until every consumer has seen it (or its feed ended);
 * 5. checks, directly against the server: each acknowledged write is in exactly one change of the
 *    bucket's log (by ccid) and no change is unexplained; each consumer saw every change once, in
 *    cv order; each object holds, for each key, the last value written there.
 *
 * Retries use short delays (5 ms doubling to 100 ms, 20 retries for writes; feeds retry forever)
 * so the run is quick; a 429's `Retry-After` (1 s) is honoured as sent. A one-shot request times
 * out after 1 s (a stalled write is retried), a feed request is dropped after 2 s (a stalled poll
 * is sent again). Retry jitter is random, so two runs with the same seed draw the same faults per
 * request position but need not interleave identically.
 */
import * as E from 'fp-ts/Either';
import { firstValueFrom } from 'rxjs';
import { Api, Auth } from '../../lib';
import { startServer, type AppCredentials } from '../../lib/server';
import { uuidHex } from '../../lib/uuid-hex';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from './fault-proxy';
import {
  addTallies,
  ccidCounts,
  checkFeed,
  checkWrites,
  countDataMismatches,
  expectedData,
} from './soak-check';
import { socketCutter } from './cutting-socket';
import { follow, type FeedConsumer } from './soak-consumer';
import { finalCursor, serverData, serverLog } from './soak-truth';
import { planWrites, runWriters } from './soak-writers';

export interface SoakOptions {
  /** How many writes in all, shared between the writers. */
  readonly writes: number;
  /** Share of the proxied requests that meet a fault, 0..1. */
  readonly faultRate: number;
  /** Concurrent writers (default 4). */
  readonly writers?: number;
  /** Seeds the proxy's fault draws and the writers' choice of objects. */
  readonly seed: number;
  /** Shared objects the writes spread over (default 8). */
  readonly objects?: number;
  /** Receives progress lines (no secrets). */
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly writes: number;
  /** Writes the client saw succeed, after retries. */
  readonly acknowledged: number;
  /** Faults injected, by kind. */
  readonly faults: Record<FaultKind, number>;
  /** Acknowledged writes missing from the server, plus changes a consumer never saw. */
  readonly lost: number;
  /** Writes applied twice, unexplained changes, plus changes a consumer saw twice. */
  readonly duplicated: number;
  /** Changes a consumer saw after a later one. */
  readonly outOfOrder: number;
  /** Keys whose final value on the server is not the last one written. */
  readonly dataMismatches: number;
  /** From the first write to both consumers having caught up. */
  readonly durationMs: number;
  /** Requests the proxy received (faulted or not). */
  readonly requests: number;
  /** Connections of the socket consumer that were cut. */
  readonly socketCuts: number;
}

const BUCKET = 'soak';
const SERVER_POLL_WINDOW_MS = 1_000;
const FEED_WINDOW_MS = 2_000;
const REQUEST_TIMEOUT_MS = 1_000;
const STALL_MS = 5_000;
const FAST_RETRY = { count: 20, initialDelay: 5, maxDelay: 100 };

const positive = (name: string, n: number): number => {
  if (!(Number.isSafeInteger(n) && n > 0))
    throw new RangeError(`${name} must be a positive integer`);
  return n;
};

/** Creates a user directly against the server; resolves with its access token. */
const createUser = async (url: string, app: AppCredentials): Promise<string> => {
  const auth = new Auth(app.id, app.apiKey, { baseUrl: url });
  const created = await firstValueFrom(auth.create$(`soak-${uuidHex()}@example.com`, uuidHex()));
  if (E.isLeft(created)) throw new Error(`cannot create the soak user: ${created.left._tag}`);
  return created.right.accessToken;
};

/** Runs the soak scenario; see the module header. Rejects only on a defect of the run itself. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const writes = positive('writes', options.writes);
  const writers = positive('writers', options.writers ?? 4);
  const objects = positive('objects', options.objects ?? 8);
  const t0 = performance.now();
  const log = (line: string): void =>
    options.log?.(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
  const server = await startServer({ pollWindowMs: SERVER_POLL_WINDOW_MS });
  const app = server.apps[0];
  if (!app) throw new Error('the local server started without an app');
  const proxy = await startFaultProxy({
    target: server.url,
    rate: options.faultRate,
    seed: options.seed,
    stallMs: STALL_MS,
  }).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  const feeds: FeedConsumer[] = [];
  try {
    const token = await createUser(server.url, app);
    const through = { baseUrl: proxy.url, timeout: REQUEST_TIMEOUT_MS, retry: FAST_RETRY };
    const direct = { baseUrl: server.url };
    log(`server ${server.url}, proxy ${proxy.url}, ${writes} writes, ${writers} writers`);

    const startCv = await finalCursor(new Api(app.id, token, direct).bucket(BUCKET));
    const cutter = socketCutter({ rate: options.faultRate, seed: options.seed });
    const started = performance.now();
    const feedOptions = { timeout: FEED_WINDOW_MS };
    const socketFeed = follow(
      new Api(app.id, token, {
        ...direct,
        transport: 'websocket',
        WebSocket: cutter.WebSocket,
        retry: FAST_RETRY,
      })
        .bucket(BUCKET)
        .changes$({ cv: startCv }),
    );
    feeds.push(socketFeed);
    const userFeed = follow(new Api(app.id, token, through).bucket(BUCKET).changes$(feedOptions));
    feeds.push(userFeed);
    const adminFeed = follow(
      new Api(app.id, app.adminKey, through).bucket(BUCKET).all$(feedOptions),
    );
    feeds.push(adminFeed);
    const tenth = Math.max(1, Math.floor(writes / 10));
    const done = await runWriters(
      planWrites({ writes, writers, objects, seed: options.seed }),
      () => new Api(app.id, token, through).bucket(BUCKET),
      (answered) => answered % tenth === 0 && log(`${answered} writes answered`),
    );
    const finalCv = await finalCursor(new Api(app.id, token, direct).bucket(BUCKET));
    log(`writes done; waiting for the feeds to reach ${finalCv}`);
    await Promise.all(feeds.map((feed) => feed.reached(finalCv)));
    const durationMs = performance.now() - started;
    feeds.forEach((feed) => feed.stop());
    log(`feeds caught up after ${Math.round(durationMs)} ms; checking against the server`);

    const truth = await serverLog(new Api(app.id, app.adminKey, direct).bucket(BUCKET), finalCv);
    const actual = await serverData(new Api(app.id, token, direct).bucket(BUCKET));
    const cvs = truth.map((c) => c.cv);
    const applied = new Set(ccidCounts(truth).keys());
    const counts = proxy.counts();
    return {
      writes: done.length,
      acknowledged: done.filter((w) => w.acknowledged).length,
      faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, counts[k]])) as Record<
        FaultKind,
        number
      >,
      ...addTallies(
        checkWrites(done, truth),
        checkFeed(userFeed.cvs, cvs),
        checkFeed(adminFeed.cvs, cvs),
        checkFeed(socketFeed.cvs, cvs),
      ),
      dataMismatches: countDataMismatches(expectedData(done, applied), actual),
      durationMs,
      requests: Object.values(counts).reduce((n, c) => n + c, 0),
      socketCuts: cutter.cuts(),
    };
  } finally {
    // Also on failure: a feed left running would retry forever against the closed server.
    feeds.forEach((feed) => feed.stop());
    await proxy.close();
    await server.close();
  }
}
