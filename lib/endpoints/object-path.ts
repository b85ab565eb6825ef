/**
 * What every object endpoint checks alike: the object's path; and running a call once its
 * arguments are valid.
 *
 * @since 0.1.0
 */
import * as check from '../arguments.js';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';

/** `[bucket, 'i', id]` plus `['v', n]` for a version, once all three are valid. */
export const objectPath = (
  bucket: string,
  id: string,
  version?: number,
): check.Validation<ReadonlyArray<string>> =>
  E.map(({ name, valid, v }: { name: string; valid: string; v: number | undefined }) =>
    v === undefined ? [name, 'i', valid] : [name, 'i', valid, 'v', String(v)],
  )(
    E.all({
      name: check.bucketName(bucket),
      valid: check.objectId(id),
      v: check.optional(version, check.version),
    }),
  );

/** Runs `f` on the validated value, or emits the first `InvalidArgumentError` (sending nothing). */
export const validated = <V, B>(
  v: check.Validation<V>,
  f: (value: V) => ObservableEither<SimperiumError, B>,
): ObservableEither<SimperiumError, B> => (E.isLeft(v) ? left(v.left) : f(v.right));
