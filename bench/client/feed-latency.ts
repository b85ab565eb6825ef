/**
 * Feed latency: the time from sending a write to the feed emitting its change, for
 * `changes$` against a hand-written `fetch` long-poll loop on the same bucket.
 *
 * Each sample waits until the server holds the feed's long-poll, then posts one new object with
 * a raw `fetch` and times until the feed hands over that object's change. Samples come in
 * blocks, each on a freshly started feed, baseline and subject blocks interleaved.
 */
import type { ClientSetup } from '../support/client-setup';
import { currentCv } from '../support/client-setup';
import { clientFeed, rawFeed, type Feed } from '../support/feeds';
import { fetchText } from '../support/local-app';
import { note, Note } from '../support/seed';
import { fmt, interleaved, median, now, quantile } from '../support/stats';
import { verdict, type Row } from '../support/table';

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

/**
 * Measures write-to-emission latency; resolves with two rows, the median (target: at most 1.2×
 * the loop's) and the 99th percentile (reported only).
 */
export const feedLatency = async (
  setup: ClientSetup,
  options: FeedLatencyOptions = {},
): Promise<Row[]> => {
  const samples = options.samples ?? 10;
  const raw = rawFeed(setup.bucketUrl(BUCKET), setup.token);
  const client = clientFeed(setup.api.bucket(BUCKET, Note));
  const runs = await interleaved(
    options.rounds ?? 30,
    () => block(setup, raw, samples),
    () => block(setup, client, samples),
  );
  const baseline = runs.baseline.flat();
  const subject = runs.subject.flat();
  const n = `${baseline.length} + ${subject.length} samples`;
  const row = (
    label: string,
    stat: (xs: ReadonlyArray<number>) => number,
    target?: number,
  ): Row => {
    const b = stat(baseline);
    const s = stat(subject);
    return {
      measure: `feed latency, write → emission, ${label} (${n})`,
      baseline: `${fmt(b, 2)} ms`,
      subject: `${fmt(s, 2)} ms`,
      ratio: `${fmt(s / b, 2)}×`,
      target: target === undefined ? '—' : `≤ ${fmt(target, 2)}×`,
      verdict: target === undefined ? '—' : verdict(s / b <= target),
    };
  };
  return [row('median', median, 1.2), row('p99', (xs) => quantile(xs, 0.99))];
};
