/**
 * What the server itself holds at the end of a soak run, read directly (never through the fault
 * proxy): the bucket's cursor, its change log and its objects' data.
 */
import * as E from 'fp-ts/Either';
import { firstValueFrom, lastValueFrom, takeWhile, toArray } from 'rxjs';
import type { Bucket, JsonObject } from '../../lib';
import type { LoggedChange } from './soak-check';

/** Throws (a defect of the run: the server is read without faults) on a `Left`. */
const right = <A>(what: string, result: E.Either<{ readonly _tag: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`cannot read ${what}: ${result.left._tag}`);
  return result.right;
};

/** The bucket's latest cursor, as the first index page reports it. */
export const finalCursor = async (bucket: Bucket<JsonObject>): Promise<string> =>
  right('the final cursor', await firstValueFrom(bucket.indexPages$({ limit: 1 }))).current;

/** Every change of the bucket up to `finalCv`, from the start, read with `all$` (admin key). */
export const serverLog = async (
  adminBucket: Bucket<JsonObject>,
  finalCv: string,
): Promise<LoggedChange[]> => {
  const changes = await lastValueFrom(
    adminBucket.all$({ batch: 1000 }).pipe(
      takeWhile((c) => E.isRight(c) && c.right.cv < finalCv, true),
      toArray(),
    ),
  );
  return changes.map((c) => {
    const { cv, ccids = [] } = right("the server's change log", c);
    return { cv, ccids };
  });
};

/** Every object of the bucket with its current data, by id. */
export const serverData = async (bucket: Bucket<JsonObject>): Promise<Map<string, JsonObject>> => {
  const entries = await lastValueFrom(bucket.index$({ data: true, limit: 1000 }).pipe(toArray()));
  return new Map(
    entries.map((entry) => {
      const { id, data } = right('the index', entry);
      return [id, data ?? {}];
    }),
  );
};
