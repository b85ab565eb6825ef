/**
 * `ObservableEither<E, A>`: an Observable of fp-ts `Either` values, with the same name and shape
 * as fp-ts-rxjs's (which only supports rxjs 6), plus the few helpers this library needs.
 *
 * @since 0.1.0
 */
import * as E from './either.js';
import { Observable, OperatorFunction, defer, map as rxMap, mergeMap, of, switchMap } from 'rxjs';

/**
 * What every call of this library returns: an rxjs `Observable` of fp-ts `Either` values,
 * expected failures as `Left`, results as `Right`. Its error channel carries only defects.
 *
 * @typeParam E the failure type (`SimperiumError` for every call)
 * @typeParam A the result type
 */
export type ObservableEither<E, A> = Observable<E.Either<E, A>>;

/** Maps the `Right` values; `Left` values pass through. */
export const map =
  <A, B>(f: (a: A) => B) =>
  <E>(fa: ObservableEither<E, A>): ObservableEither<E, B> =>
    fa.pipe(rxMap(E.map(f)));

/** Maps the `Left` values; `Right` values pass through. */
export const mapLeft =
  <E, G>(f: (e: E) => G) =>
  <A>(fa: ObservableEither<E, A>): ObservableEither<G, A> =>
    fa.pipe(rxMap(E.mapLeft(f)));

/** Chains a `Right` into another `ObservableEither`; a `Left` is emitted unchanged. */
export const chain =
  <E, A, B>(
    f: (a: A) => ObservableEither<E, B>,
  ): OperatorFunction<E.Either<E, A>, E.Either<E, B>> =>
  (fa) =>
    fa.pipe(mergeMap((ea) => (E.isLeft(ea) ? of(ea) : f(ea.right))));

/** A one-value `ObservableEither` holding `Right(a)`. */
export const right = <E = never, A = never>(a: A): ObservableEither<E, A> => of(E.right(a));

/** A one-value `ObservableEither` holding `Left(e)`. */
export const left = <E = never, A = never>(e: E): ObservableEither<E, A> => of(E.left(e));

/**
 * An `ObservableEither` whose code loads on first subscribe: `load` imports the module (with a
 * dynamic `import()`, which bundlers split into a chunk of its own), then `use` makes the
 * Observable from it. Cold as `use`'s Observable is; unsubscribing before the module arrives
 * sends nothing.
 */
export const onDemand = <M, E, A>(
  load: () => Promise<M>,
  use: (module: M) => ObservableEither<E, A>,
): ObservableEither<E, A> => defer(load).pipe(switchMap(use));
