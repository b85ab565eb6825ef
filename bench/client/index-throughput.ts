/**
 * Index throughput: objects per second read by `index$({ data: true, limit })` over a seeded
 * bucket, lazy (the default) and with `prefetch: 1`, against a raw `fetch` + `JSON.parse` loop
 * following `mark` with the same `limit`. The three kinds of pass take turns, rotating which goes
 * first; the medians are compared.
 */
import * as E from 'fp-ts/Either';
import { lastValueFrom, reduce } from 'rxjs';
import type { ClientSetup } from '../support/client-setup';
import { fetchJson } from '../support/local-app';
import { Note } from '../support/seed';
import { fmt, median, now, rotated } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface IndexThroughputOptions {
  /** The seeded bucket. */
  readonly bucket: string;
  /** How many objects it holds (each pass must read them all). */
  readonly objects: number;
  /** Entries per page (default 1000, the server's maximum). */
  readonly limit?: number;
  /**
   * Passes of each kind (default 9: a pass lasts a few tenths of a second, and the load of a
   * shared machine can move one by a fifth).
   */
  readonly rounds?: number;
}

interface RawPage {
  readonly index: ReadonlyArray<unknown>;
  readonly mark?: string;
}

/** Objects per second of one pass that read `count` entries, or a throw if it read another number. */
const perSecond = (expected: number, count: number, start: number): number => {
  if (count !== expected) throw new Error(`index: read ${count} objects, expected ${expected}`);
  return count / ((now() - start) / 1000);
};

/** The targets: `index$`'s objects per second at least this share of the raw loop's. */
const TARGET = { lazy: 0.95, prefetch: 1.05 } as const;

/**
 * Measures index throughput; resolves with two rows: `index$` by default (target: at least
 * 0.95× the raw loop's objects per second) and `index$({ prefetch: 1 })` (target: at least
 * 1.05×, the next page's request overlapping the decoding of the current one).
 */
export const indexThroughput = async (
  setup: ClientSetup,
  options: IndexThroughputOptions,
): Promise<Row[]> => {
  const limit = options.limit ?? 1000;
  const url = `${setup.bucketUrl(options.bucket)}/index?limit=${limit}&data=1`;
  const headers = { 'X-Simperium-Token': setup.token };
  const bucket = setup.api.bucket(options.bucket, Note);

  const raw = async (): Promise<number> => {
    const start = now();
    let count = 0;
    let mark: string | undefined;
    do {
      const page = (await fetchJson(mark ? `${url}&mark=${mark}` : url, { headers })) as RawPage;
      count += page.index.length;
      mark = page.mark;
    } while (mark !== undefined);
    return perSecond(options.objects, count, start);
  };

  const client = (prefetch: 0 | 1) => async (): Promise<number> => {
    const start = now();
    const count = await lastValueFrom(
      bucket.index$({ data: true, limit, prefetch }).pipe(
        reduce((n, entry) => {
          if (E.isLeft(entry)) throw new Error(`index$ emitted Left(${entry.left._tag})`);
          return n + 1;
        }, 0),
      ),
    );
    return perSecond(options.objects, count, start);
  };

  const rounds = options.rounds ?? 9;
  const [baseline = [], lazy = [], prefetched = []] = await rotated(rounds, [
    raw,
    client(0),
    client(1),
  ]);
  const b = median(baseline);
  const row = (label: string, runs: ReadonlyArray<number>, target: number): Row => {
    const s = median(runs);
    return {
      measure: `${label} with data, ${fmt(options.objects)} objects, limit ${limit}, against a raw fetch + JSON.parse page loop (median of ${rounds})`,
      baseline: `${fmt(b)} objects/s`,
      subject: `${fmt(s)} objects/s`,
      ratio: `${fmt(s / b, 2)}×`,
      target: `≥ ${fmt(target, 2)}×`,
      verdict: verdict(s / b >= target),
    };
  };
  return [
    row('index$', lazy, TARGET.lazy),
    row('index$({ prefetch: 1 })', prefetched, TARGET.prefetch),
  ];
};
