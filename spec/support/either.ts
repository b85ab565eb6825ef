/**
 * Assertions on fp-ts `Either` values that narrow their type and fail with the other side shown.
 */
import * as E from 'fp-ts/Either';
import type { SimperiumError } from '../../lib/errors';

const show = (u: unknown): string => {
  try {
    return JSON.stringify(u);
  } catch {
    return String(u);
  }
};

/** The `Right` value; fails the test (showing the `Left`) otherwise. */
export const expectRight = <E, A>(result: E.Either<E, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected a Right, got Left ${show(result.left)}`);
  return result.right;
};

/** The `Left` error, which must carry `tag`; fails the test (showing the value) otherwise. */
export const expectLeft = <T extends SimperiumError['_tag']>(
  result: E.Either<SimperiumError, unknown>,
  tag: T,
): Extract<SimperiumError, { _tag: T }> => {
  if (E.isRight(result))
    throw new Error(`expected a Left(${tag}), got Right ${show(result.right)}`);
  if (result.left._tag !== tag)
    throw new Error(`expected a Left(${tag}), got ${show(result.left)}`);
  return result.left as Extract<SimperiumError, { _tag: T }>;
};
