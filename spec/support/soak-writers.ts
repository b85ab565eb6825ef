/**
 * The soak run's writers: each posts its share of the writes one after the other, all writers at
 * once, and every write's outcome is recorded by its ccid.
 */
import * as E from 'fp-ts/Either';
import { concatMap, from, lastValueFrom, map, merge, tap, toArray } from 'rxjs';
import type { Bucket, JsonObject } from '../../lib';
import { uuidHex } from '../../lib/uuid-hex';
import { mulberry32 } from './mulberry32';
import type { WriteRecord } from './soak-check';

export interface WritePlan {
  readonly writes: number;
  readonly writers: number;
  /** Shared objects the writes spread over. */
  readonly objects: number;
  /** Decides which object each write goes to. */
  readonly seed: number;
}

/**
 * The writes of each writer, decided up front: writer `w` gets `writes / writers` of them (the
 * first ones one more when it does not divide), each to its own key `w{w}` of a seeded random
 * object among `o0…o{objects-1}`, with a value no other write has (so each is a real change) and
 * a fresh ccid.
 */
export const planWrites = (plan: WritePlan): WriteRecord[][] => {
  const random = mulberry32(plan.seed ^ 0x5eed);
  const share = (w: number): number =>
    Math.floor(plan.writes / plan.writers) + (w < plan.writes % plan.writers ? 1 : 0);
  return Array.from({ length: plan.writers }, (_, w) =>
    Array.from({ length: share(w) }, (_, i) => ({
      ccid: uuidHex(),
      objectId: `o${Math.floor(random() * plan.objects)}`,
      key: `w${w}`,
      value: `w${w}-${i}`,
      acknowledged: false,
    })),
  );
};

/**
 * Runs every writer at once, each on its own bucket handle (`bucketFor(w)`, so its own client),
 * posting its writes in order with their planned ccids (which the `Api`'s retries reuse). Resolves
 * with every write, `acknowledged` when its `post$` emitted a `Right`, once all have an answer.
 * `onAnswer` is called after each answer with the number answered so far.
 */
export const runWriters = (
  planned: ReadonlyArray<ReadonlyArray<WriteRecord>>,
  bucketFor: (writer: number) => Bucket<JsonObject>,
  onAnswer: (answered: number) => void = () => undefined,
): Promise<WriteRecord[]> => {
  let answered = 0;
  return lastValueFrom(
    merge(
      ...planned.map((own, w) => {
        const bucket = bucketFor(w);
        return from(own).pipe(
          concatMap((write) =>
            bucket
              .post$(write.objectId, { [write.key]: write.value }, { ccid: write.ccid })
              .pipe(map((result) => ({ ...write, acknowledged: E.isRight(result) }))),
          ),
        );
      }),
    ).pipe(
      tap(() => onAnswer((answered += 1))),
      toArray(),
    ),
    { defaultValue: [] },
  );
};
