/**
 * The few `Either` operations this library runs, on fp-ts's own data type.
 *
 * Every value the library emits is an fp-ts `Either` — `{ _tag: 'Left', left }` or `{ _tag:
 * 'Right', right }` — to be read with `fp-ts/Either` (`match`, `map`, `isLeft` …). The library
 * builds and reads them with these small functions instead of importing fp-ts at run time, so
 * that its ES module build loads in Node (where `fp-ts/Either` is a folder, which Node's ESM
 * loader refuses) and bundles stay small. fp-ts is needed for its types only.
 *
 * @since 0.1.0
 */
import type { either } from 'fp-ts';

export type Either<E, A> = either.Either<E, A>;
export type Left<E> = either.Left<E>;
export type Right<A> = either.Right<A>;

export const left = <E = never, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e });

export const right = <E = never, A = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a });

export const isLeft = <E, A>(ma: Either<E, A>): ma is Left<E> => ma._tag === 'Left';

export const isRight = <E, A>(ma: Either<E, A>): ma is Right<A> => ma._tag === 'Right';

/** Maps a `Right`; a `Left` passes through. */
export const map =
  <A, B>(f: (a: A) => B) =>
  <E>(ma: Either<E, A>): Either<E, B> =>
    isLeft(ma) ? ma : right(f(ma.right));

/** Maps a `Left`; a `Right` passes through. */
export const mapLeft =
  <E, G>(f: (e: E) => G) =>
  <A>(ma: Either<E, A>): Either<G, A> =>
    isLeft(ma) ? left(f(ma.left)) : ma;

/** Chains a `Right` into the next step, widening the error type; a `Left` passes through. */
export const chain =
  <E2, A, B>(f: (a: A) => Either<E2, B>) =>
  <E1>(ma: Either<E1, A>): Either<E1 | E2, B> =>
    isLeft(ma) ? ma : f(ma.right);

type Lefts<R> = { [K in keyof R]: R[K] extends Either<infer E, unknown> ? E : never }[keyof R];
type Rights<R> = { [K in keyof R]: R[K] extends Either<unknown, infer A> ? A : never };

/**
 * A record of `Either`s as one `Either`: `Right` of the record of their values when all are
 * `Right`, otherwise the first `Left` in key order (as fp-ts's `Do` + `apS` gives).
 */
export const all = <R extends Record<string, Either<unknown, unknown>>>(
  record: R,
): Either<Lefts<R>, Rights<R>> => {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const item = record[key] as Either<Lefts<R>, unknown>;
    if (isLeft(item)) return item;
    out[key] = item.right;
  }
  return right(out as Rights<R>);
};

/** `f` over every item: `Right` of the results when all are `Right`, else the first `Left`. */
export const traverse =
  <E, A, B>(f: (a: A) => Either<E, B>) =>
  (items: ReadonlyArray<A>): Either<E, B[]> => {
    const out: B[] = [];
    for (const item of items) {
      const result = f(item);
      if (isLeft(result)) return result;
      out.push(result.right);
    }
    return right(out);
  };
