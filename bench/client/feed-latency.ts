/**
 * Feed latency: the time from sending a write to the feed emitting its change, for `changes$`
 * against hand-written long-poll loops on the same bucket: over `node:http` with a keep-alive
 * agent (the baseline of the target: the fastest raw client), and over `fetch` (for comparison).
 *
 * Each sample waits until the server holds the feed's long-poll, then posts one new object with
 * a raw `fetch` and times until the feed hands over that object's change. Samples come in
 * blocks, each on a freshly started feed, the three kinds of block taking turns.
 */
import type { ClientSetup } from '../support/client-setup';
import { currentCv } from '../support/client-setup';
import { clientFeed, nodeHttpFeed, rawFeed, type Feed } from '../support/feeds';
import { fetchText } from '../support/local-app';
import { note, Note } from '../support/seed';
import { median, now, quantile, rotated } from '../support/stats';
import { latencyRow, type Row } from '../support/table';

export interface FeedLatencyOptions {
  /** Blocks of each kind (default 30). */
  readonly rounds?: number;
  /** Samples per block (default 10). */
  readonly samples?: number;
}

const BUCKET = 'latency';
let written = 0;

/** One block: start `feed` from the bucket's newest cv, take `samples` timings, stop it. */
const block = async (setup: ClientSetup, feed: Feed, samples: number): Promise<number[]> => {
  const url = setup.bucketUrl(BUCKET);
  const headers = { 'X-Simperium-Token': setup.token };
  let expected: { id: string; seen: (at: number) => void } | undefined;
  let failed: (error: Error) => void = () => undefined;
  const stop = feed(
    await currentCv(setup, BUCKET),
    (change) => {
      if (change.id !== expected?.id) return;
      expected.seen(now());
      expected = undefined;
    },
    (error) => failed(error),
  );
  const timings: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      await setup.server.whenHeld((held) => held >= 1);
      const id = `sample${(written += 1)}`;
      const emitted = new Promise<number>((resolve, reject) => {
        expected = { id, seen: resolve };
        failed = reject;
      });
      const start = now();
      const write = fetchText(`${url}/i/${id}?clientid=writer&ccid=${id}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(note(written)),
      });
      const [at] = await Promise.all([emitted, write]);
      timings.push(at - start);
    }
  } finally {
    stop();
    await setup.server.whenHeld((held) => held === 0);
  }
  return timings;
};

/** The target: `changes$`'s median at most this multiple of the `node:http` loop's. */
const TARGET = 1.25;

/**
 * Measures write-to-emission latency; resolves with three rows: the median against the
 * `node:http` loop (target: at most 1.25× its median), the 99th percentile against it, and the
 * median against the `fetch` loop (both reported only).
 */
export const feedLatency = async (
  setup: ClientSetup,
  options: FeedLatencyOptions = {},
): Promise<Row[]> => {
  const samples = options.samples ?? 10;
  const url = setup.bucketUrl(BUCKET);
  const [node = [], fetched = [], client = []] = await rotated(options.rounds ?? 30, [
    () => block(setup, nodeHttpFeed(url, setup.token), samples),
    () => block(setup, rawFeed(url, setup.token), samples),
    () => block(setup, clientFeed(setup.api.bucket(BUCKET, Note)), samples),
  ]);
  const subject = client.flat();
  const row = (
    against: string,
    runs: ReadonlyArray<ReadonlyArray<number>>,
    label: string,
    stat: (xs: ReadonlyArray<number>) => number,
    target?: number,
  ): Row =>
    latencyRow(
      `feed latency, write → emission, changes$ against a raw ${against} long-poll loop, ${label}`,
      { baseline: runs.flat(), subject },
      stat,
      target,
    );
  const p99 = (xs: ReadonlyArray<number>): number => quantile(xs, 0.99);
  return [
    row('node:http (keep-alive)', node, 'median', median, TARGET),
    row('node:http (keep-alive)', node, 'p99', p99),
    row('fetch', fetched, 'median', median),
  ];
};
