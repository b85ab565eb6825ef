/**
 * Bulk writes: the time to write `objects` new objects with one `postMany$` (over
 * `POST {bucket}/changes?wait=1`, in chunks of its default size), against `new$` once per object,
 * 16 at a time, on the same server and bucket. Both sides are the client: the baseline is the way
 * to load many objects without the bulk endpoint. Passes of each kind are interleaved; the
 * medians are compared, as objects per second.
 */
import * as E from 'fp-ts/Either';
import { from, lastValueFrom, mergeMap, reduce, type Observable } from 'rxjs';
import type { SimperiumError } from '../../lib';
import type { ClientSetup } from '../support/client-setup';
import { note, Note } from '../support/seed';
import { fmt, interleaved, median, now } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface BulkWriteOptions {
  /** Objects written per pass (default 1,000). */
  readonly objects?: number;
  /** `new$` requests in flight at once (default 16). */
  readonly concurrency?: number;
  /** Passes of each kind (default 5). */
  readonly rounds?: number;
}

const BUCKET = 'bulk';
/** The target: `postMany$` writes at least this many times the objects per second of `new$`. */
const TARGET = 5;
let pass = 0;

/** Objects per second of a pass that started at `start`; throws unless every write succeeded. */
const run = async (
  objects: number,
  writes: Observable<E.Either<SimperiumError, unknown>>,
): Promise<number> => {
  const start = now();
  const written = await lastValueFrom(
    writes.pipe(
      reduce((n, result) => {
        if (E.isLeft(result)) throw new Error(`a write failed: ${result.left._tag}`);
        return n + 1;
      }, 0),
    ),
  );
  if (written !== objects) throw new Error(`bulk: wrote ${written} objects, expected ${objects}`);
  return objects / ((now() - start) / 1000);
};

/** Measures bulk writes; resolves with one row (target: `postMany$` at least 5× as fast). */
export const bulkWrite = async (
  setup: ClientSetup,
  options: BulkWriteOptions = {},
): Promise<Row> => {
  const objects = options.objects ?? 1000;
  const concurrency = options.concurrency ?? 16;
  const bucket = setup.api.bucket(BUCKET, Note);
  const docs = (): Note[] => Array.from({ length: objects }, (_, i) => note(i));

  const single = (): Promise<number> =>
    run(objects, from(docs()).pipe(mergeMap((doc) => bucket.new$(doc), concurrency)));
  const bulk = (): Promise<number> => {
    const prefix = `bulk${(pass += 1)}-`;
    return run(
      objects,
      bucket.postMany$(docs().map((data, i) => ({ id: `${prefix}${i}`, data, replace: true }))),
    );
  };

  const rounds = options.rounds ?? 5;
  const runs = await interleaved(rounds, single, bulk);
  const b = median(runs.baseline);
  const s = median(runs.subject);
  return {
    measure: `${fmt(objects)} new objects: postMany$ against new$ ×${concurrency} at once (median of ${rounds})`,
    baseline: `${fmt(b)} objects/s`,
    subject: `${fmt(s)} objects/s`,
    ratio: `${fmt(s / b, 2)}×`,
    target: `≥ ${fmt(TARGET, 2)}×`,
    verdict: verdict(s / b >= TARGET),
  };
};
