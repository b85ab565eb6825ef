/**
 * Heap growth of a feed: `heapUsed` after forced garbage collections while `count` changes flow
 * through `changes$`, against the hand-written long-poll loop reading the same changes. The
 * changes are already in the bucket (seeded in bulk), so both read them as fast as the server
 * answers (100 per answer) and both read exactly the same ones.
 */
import { ZERO_CV } from '../../lib/server/domain/cv';
import type { ClientSetup } from '../support/client-setup';
import { clientFeed, rawFeed, type Feed } from '../support/feeds';
import { Note } from '../support/seed';
import { fmt, interleaved, median, now } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface FeedHeapOptions {
  /** The seeded bucket. */
  readonly bucket: string;
  /** Changes to read (the bucket must hold at least this many). */
  readonly count: number;
  /** Heap samples per run (default 20), evenly spaced; the first is the reference. */
  readonly samples?: number;
  /** Runs of each kind (default 1). */
  readonly rounds?: number;
}

/** What one run found: heap growth from the first sample to the last, and how long it took. */
interface Run {
  readonly growth: number;
  readonly ms: number;
}

const MB = 1024 * 1024;
const TARGET_MB = 10;

/** Runs the feed from the start until `count` changes were seen, sampling the heap. */
const run = (feed: Feed, count: number, samples: number, gc: () => void): Promise<Run> =>
  new Promise((resolve, reject) => {
    const every = Math.max(1, Math.floor(count / samples));
    const heap: number[] = [];
    const start = now();
    let seen = 0;
    const stop = feed(
      ZERO_CV,
      () => {
        seen += 1;
        if (seen % every === 0 || seen === count) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
        if (seen === count) {
          stop();
          resolve({ growth: (heap[heap.length - 1] ?? 0) - (heap[0] ?? 0), ms: now() - start });
        }
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });

/**
 * Measures heap growth; resolves with one row. The target is absolute: the subject's growth
 * under 10 MB. The ratio column shows the difference from the baseline's growth instead of a
 * quotient, since the baseline's growth is close to zero.
 *
 * @param gc forces a full garbage collection (`globalThis.gc` under `--expose-gc`)
 */
export const feedHeap = async (
  setup: ClientSetup,
  options: FeedHeapOptions,
  gc: () => void,
): Promise<Row> => {
  const samples = options.samples ?? 20;
  const raw = rawFeed(setup.bucketUrl(options.bucket), setup.token);
  const client = clientFeed(setup.api.bucket(options.bucket, Note));
  const runs = await interleaved(
    options.rounds ?? 1,
    () => run(raw, options.count, samples, gc),
    () => run(client, options.count, samples, gc),
    0,
  );
  const b = median(runs.baseline.map((r) => r.growth)) / MB;
  const s = median(runs.subject.map((r) => r.growth)) / MB;
  const seconds = (list: ReadonlyArray<Run>): string => fmt(median(list.map((r) => r.ms)) / 1000);
  const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x), 2)}`;
  return {
    measure: `heap growth, ${fmt(options.count)} changes through the feed (runs of ${seconds(runs.baseline)} s / ${seconds(runs.subject)} s)`,
    baseline: `${signed(b)} MB`,
    subject: `${signed(s)} MB`,
    ratio: `${signed(s - b)} MB`,
    target: `< ${TARGET_MB} MB`,
    verdict: verdict(s < TARGET_MB),
  };
};
