/**
 * The lazy pager behind `index$` and `indexPages$`: one page at a time, the next one by `mark`,
 * only while someone is listening.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import {
  EMPTY,
  Observable,
  OperatorFunction,
  ReplaySubject,
  Subscription,
  concatMap,
  defer,
  expand,
  finalize,
  map,
  of,
  take,
  timer,
  type SchedulerLike,
} from 'rxjs';
import type { IndexEntry, IndexPage } from '../codecs/index-page.js';
import { protocolError, type DecodeError, type ProtocolError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';

/**
 * Like `defer`, but never calls `factory` for a subscriber that is already closed. `expand`
 * subscribes to the next inner Observable right after emitting a value, even when that emission
 * made the consumer unsubscribe (`take(n)`); this keeps that subscription from sending a request.
 */
const whileSubscribed = <T>(factory: () => Observable<T>): Observable<T> =>
  new Observable<T>((subscriber) =>
    subscriber.closed ? undefined : factory().subscribe(subscriber),
  );

/** The `Left` that ends a listing whose server sent a mark it had already sent. */
const repeatedMark = (mark: string): ProtocolError =>
  protocolError({
    message: `The page mark ${JSON.stringify(mark)} was already followed: the listing loops`,
  });

/**
 * Every page of a paged listing, fetched lazily.
 *
 * Requests the first page (no mark) on subscribe and emits it; if it is a `Right` with a `mark`,
 * requests the page at that mark once the page has been emitted — so everything downstream of
 * the page, such as its entries, has been emitted first — and so on. Completes after the last page
 * (one without a `mark`), or right after emitting a `Left`, which ends the listing. A page whose
 * `mark` was already followed in this subscription (the server repeats itself) is emitted, then
 * followed by `Left(ProtocolError)` naming that mark instead of a request, so a looping server cannot
 * be paged forever. Never errors. Unsubscribing aborts the page request in flight, and no further
 * page is requested: `take(n)` fetches exactly the pages it needs.
 *
 * @param fetchPage one request for the page at `mark` (first page: `undefined`): emits one value
 * and completes, and unsubscribing it aborts the request
 */
export const pages = <E, P extends { readonly mark?: string }>(
  fetchPage: (mark: string | undefined) => ObservableEither<E, P>,
): ObservableEither<E | ProtocolError, P> =>
  defer(() => {
    const followed = new Set<string>();
    return whileSubscribed<E.Either<E | ProtocolError, P>>(() => fetchPage(undefined)).pipe(
      expand((page) => {
        const mark = E.isRight(page) ? page.right.mark : undefined;
        if (mark === undefined) return EMPTY;
        if (followed.has(mark)) return of(E.left(repeatedMark(mark)));
        followed.add(mark);
        return whileSubscribed(() => fetchPage(mark));
      }),
    );
  });

/**
 * Emits once and completes after the work already queued — process ticks and promise jobs, in
 * which Node's HTTP client writes a request out — has run: with `setImmediate` where there is one
 * (Node), else `setTimeout(…, 0)`. Not `timer(0)`: Node holds a zero timeout for at least 1 ms,
 * which the decoding would wait for even when the next page is already on its way.
 */
const afterPendingIo = (): Observable<0> =>
  new Observable<0>((subscriber) => {
    const done = (): void => {
      subscriber.next(0);
      subscriber.complete();
    };
    if (typeof setImmediate === 'function') {
      const handle = setImmediate(done);
      return () => clearImmediate(handle);
    }
    const handle = setTimeout(done, 0);
    return () => clearTimeout(handle);
  });

/**
 * Every page of a paged listing, the next page's request sent before the current page is decoded
 * (`index$({ prefetch: 1 })`): network and decoding overlap, at the cost of one request more than
 * a consumer that stops early needs.
 *
 * Requests the first raw page on subscribe. When a raw page arrives, the request for the page at
 * its `mark` leaves at once; then, after yielding once (so that request really goes out), the
 * page is decoded and emitted. Otherwise as {@link pages}: in order, a `Left` ends the listing, a
 * repeated mark ends it with `Left(ProtocolError)`, never errors, and unsubscribing aborts every
 * request in flight.
 *
 * @param fetchRaw one request for the raw page at `mark` (first page: `undefined`): emits one
 * value, the page parsed but not decoded with the mark read from it, and completes
 * @param decode decodes a raw page
 * @param scheduler schedules the yield before decoding (virtual time in tests); default
 * {@link afterPendingIo}
 */
export const prefetchedPages = <E, R extends { readonly mark?: string }, P>(
  fetchRaw: (mark: string | undefined) => ObservableEither<E, R>,
  decode: (raw: R) => E.Either<E, P>,
  scheduler?: SchedulerLike,
): ObservableEither<E | ProtocolError, P> =>
  defer(() => {
    const inflight = new Subscription();
    const followed = new Set<string>();
    /** Sends the request for `mark` now; its answer is replayed to whoever reads it later. */
    const start = (mark: string | undefined): ObservableEither<E, R> => {
      const answer = new ReplaySubject<E.Either<E, R>>(1);
      inflight.add(fetchRaw(mark).subscribe(answer));
      return answer.pipe(take(1));
    };
    interface Step {
      readonly page: E.Either<E | ProtocolError, P>;
      readonly next?: Observable<Step>;
    }
    const step = (raw$: ObservableEither<E, R>): Observable<Step> =>
      raw$.pipe(
        concatMap((raw): Observable<Step> => {
          if (E.isLeft(raw)) return of({ page: raw });
          const mark = raw.right.mark;
          let next: Observable<Step> | undefined;
          if (mark !== undefined && followed.has(mark)) {
            next = of({ page: E.left(repeatedMark(mark)) });
          } else if (mark !== undefined) {
            followed.add(mark);
            const next$ = start(mark);
            next = defer(() => step(next$));
          }
          const yielded = scheduler === undefined ? afterPendingIo() : timer(0, scheduler);
          return yielded.pipe(
            map((): Step => {
              const page = decode(raw.right);
              return E.isLeft(page) ? { page } : { page, next };
            }),
          );
        }),
      );
    return step(start(undefined)).pipe(
      expand((s) => s.next ?? EMPTY),
      map((s) => s.page),
      finalize(() => inflight.unsubscribe()),
    );
  });

/**
 * Flattens index pages into their entries: each page's entries that decoded as `Right` values, in
 * order, then a `Left(DecodeError)` for each of its entries that did not (the page's `invalid`,
 * whose `position` says where each stood), and a `Left` page as that `Left`. Emits a page's
 * entries synchronously, as the page arrives.
 */
export const entries = <E, A>(): OperatorFunction<
  E.Either<E, IndexPage<A>>,
  E.Either<E | DecodeError, IndexEntry<A>>
> =>
  concatMap((page) =>
    E.isLeft(page)
      ? of<E.Either<E | DecodeError, IndexEntry<A>>>(page)
      : new Observable<E.Either<E | DecodeError, IndexEntry<A>>>((subscriber) => {
          // A plain loop, no array of results made first: pages are large.
          for (const entry of page.right.index) {
            if (subscriber.closed) return;
            subscriber.next(E.right(entry));
          }
          for (const { error } of page.right.invalid ?? []) {
            if (subscriber.closed) return;
            subscriber.next(E.left(error));
          }
          subscriber.complete();
        }),
  );
