/**
 * Index throughput: objects per second read by `index$({ data: true, limit })` over a seeded
 * bucket, against a raw `fetch` + `JSON.parse` loop following `mark` with the same `limit`.
 * Baseline and subject passes are interleaved; the medians are compared.
 */
import * as E from 'fp-ts/Either';
import { lastValueFrom, reduce } from 'rxjs';
import type { ClientSetup } from '../support/client-setup';
import { fetchJson } from '../support/local-app';
import { Note } from '../support/seed';
import { fmt, interleaved, median, now } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface IndexThroughputOptions {
  /** The seeded bucket. */
  readonly bucket: string;
  /** How many objects it holds (each pass must read them all). */
  readonly objects: number;
  /** Entries per page (default 1000, the server's maximum). */
  readonly limit?: number;
  /** Passes of each kind (default 3). */
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

/**
 * Measures index throughput; resolves with one row (target: at least 0.8× the raw loop's
 * objects per second).
 */
export const indexThroughput = async (
  setup: ClientSetup,
  options: IndexThroughputOptions,
): Promise<Row> => {
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

  const client = async (): Promise<number> => {
    const start = now();
    const count = await lastValueFrom(
      bucket.index$({ data: true, limit }).pipe(
        reduce((n, entry) => {
          if (E.isLeft(entry)) throw new Error(`index$ emitted Left(${entry.left._tag})`);
          return n + 1;
        }, 0),
      ),
    );
    return perSecond(options.objects, count, start);
  };

  const runs = await interleaved(options.rounds ?? 3, raw, client);
  const b = median(runs.baseline);
  const s = median(runs.subject);
  return {
    measure: `index$ with data, ${fmt(options.objects)} objects, limit ${limit} (median of ${runs.subject.length})`,
    baseline: `${fmt(b)} objects/s`,
    subject: `${fmt(s)} objects/s`,
    ratio: `${fmt(s / b, 2)}×`,
    target: '≥ 0.80×',
    verdict: verdict(s / b >= 0.8),
  };
};
