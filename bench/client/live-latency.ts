/**
 * Live view latency: the time from another client's write to `live$()` emitting a view that
 * holds the written object, against the time to `changes$` alone emitting its change, on the
 * same server and bucket in the same run.
 *
 * The writer is another client of the server, in the server's child process: the measured
 * process only follows. Each sample waits until the server holds the follower's long-poll, asks
 * the child to post one new object, and times from the moment the child sent it (both processes
 * read the same monotonic clock) until the follower hands it over. Samples come in blocks, each
 * on a freshly started follower (a new `Bucket` object, so a new view that reads the index),
 * `changes$` and `live$` blocks interleaved.
 */
import * as E from 'fp-ts/Either';
import type { ClientSetup } from '../support/client-setup';
import { currentCv } from '../support/client-setup';
import { clientFeed } from '../support/feeds';
import { APP } from '../support/local-app';
import { note, Note } from '../support/seed';
import { interleaved, median, now, quantile } from '../support/stats';
import { latencyRow, type Row } from '../support/table';

export interface LiveLatencyOptions {
  /** Blocks of each kind (default 20). */
  readonly rounds?: number;
  /** Samples per block (default 10). */
  readonly samples?: number;
}

const BUCKET = 'live-latency';
const TARGET = 1.1;
let written = 0;

/**
 * Starts following the bucket; calls `seen(has)` on each emission, where `has(id)` tells whether
 * that emission holds object `id`, and `failed` on a failure. Resolves, once following, with a
 * function that stops it.
 */
type Follower = (
  setup: ClientSetup,
  seen: (has: (id: string) => boolean) => void,
  failed: (error: Error) => void,
) => Promise<() => void>;

/** `changes$` from the bucket's newest cv: an emission holds the object its change is of. */
const changesFollower: Follower = async (setup, seen, failed) =>
  clientFeed(setup.api.bucket(BUCKET, Note))(
    await currentCv(setup, BUCKET),
    (change) => seen((id) => change.id === id),
    failed,
  );

/** `live$()` of a new bucket object: an emission holds the objects of its view. */
const liveFollower: Follower = (setup, seen, failed) =>
  new Promise((following) => {
    const subscription = setup.api
      .bucket(BUCKET, Note)
      .live$()
      .subscribe({
        next: (view) => {
          if (E.isLeft(view)) return failed(new Error(`live$ emitted Left(${view.left._tag})`));
          if (view.right.status === 'live') following(() => subscription.unsubscribe());
          seen((id) => view.right.objects.has(id));
        },
        error: (err: unknown) => failed(err instanceof Error ? err : new Error(String(err))),
      });
  });

/** One block: start `follow`, take `samples` timings, stop it. */
const block = async (setup: ClientSetup, follow: Follower, samples: number): Promise<number[]> => {
  let expected: { id: string; seen: (at: number) => void } | undefined;
  let fail: (error: Error) => void = () => undefined;
  const stop = await follow(
    setup,
    (has) => {
      if (expected === undefined || !has(expected.id)) return;
      expected.seen(now());
      expected = undefined;
    },
    (error) => fail(error),
  );
  const timings: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      await setup.server.whenHeld((held) => held >= 1);
      const id = `live${(written += 1)}`;
      const emitted = new Promise<number>((resolve, reject) => {
        expected = { id, seen: resolve };
        fail = reject;
      });
      const [at, sentAt] = await Promise.all([
        emitted,
        setup.server.write({
          path: `/1/${APP.id}/${BUCKET}/i/${id}?clientid=other-writer&ccid=${id}`,
          token: setup.token,
          body: note(written),
        }),
      ]);
      if (at < sentAt) throw new Error('live latency: the clocks of the two processes disagree');
      timings.push(at - sentAt);
    }
  } finally {
    stop();
    await setup.server.whenHeld((held) => held === 0);
  }
  return timings;
};

/**
 * Measures write-to-view latency; resolves with two rows, the median (target: at most 1.1× that
 * of `changes$` alone) and the 99th percentile (reported only).
 */
export const liveLatency = async (
  setup: ClientSetup,
  options: LiveLatencyOptions = {},
): Promise<Row[]> => {
  const samples = options.samples ?? 10;
  const runs = await interleaved(
    options.rounds ?? 20,
    () => block(setup, changesFollower, samples),
    () => block(setup, liveFollower, samples),
  );
  const baseline = runs.baseline.flat();
  const subject = runs.subject.flat();
  const row = (label: string, stat: (xs: ReadonlyArray<number>) => number, target?: number) =>
    latencyRow(
      `live$ latency, another client's write → view, against changes$, ${label}`,
      { baseline, subject },
      stat,
      target,
    );
  return [row('median', median, TARGET), row('p99', (xs) => quantile(xs, 0.99))];
};
