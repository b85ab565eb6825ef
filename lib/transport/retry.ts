/**
 * The retry policy: which failures are worth another attempt, how long to wait before it, and an
 * operator that re-subscribes to a request while its answer is a retryable `Left`.
 *
 * The classification and the delays are pure functions; the timing lives in one rxjs `retry`, so
 * the schedule can be checked with marble tests.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import {
  MonoTypeOperatorFunction,
  Observable,
  SchedulerLike,
  asyncScheduler,
  catchError,
  mergeMap,
  of,
  retry,
  throwError,
  timer,
} from 'rxjs';
import { SimperiumError, isHttpError, isNetworkError, isTimeoutError } from '../errors.js';

/**
 * How failed requests are retried. Every duration is in milliseconds.
 *
 * The wait before retry number `n` (1 for the first) is `initialDelay × factor^(n − 1)`, capped at
 * `maxDelay`, then reduced by a random share of up to `jitter` of itself. With the defaults: up
 * to 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s each time, each at least half of that. When a retryable
 * `HttpError` carries `retryAfter`, the wait is that value capped at `maxRetryAfter`, with no
 * jitter. Every value that is not retried (an answer, or a final `Left`) resets `n` to 1: after an
 * answer, a feed's next failure waits `initialDelay` again.
 *
 * Where each policy applies:
 *
 * - `Auth` methods: never retried.
 * - `buckets$`, `new$`, `post$`, `set$`, `get$`, `delete$`, `share$`: the `Api`'s `retry` option
 *   over {@link defaultOneShotRetry} (no retry unless `count` is raised).
 * - `indexPages$` and `index$` (each page request), `postMany$` (each request), `request$`: the
 *   `Api`'s policy, then the call's `retry`.
 * - `changes$`, `all$`, `live$`: the `Api`'s delays with `count: Infinity`, then the call's
 *   `retry`.
 *
 * The feeds also retry an answer that is not JSON or not an array. A retried write re-sends the
 * same ccid.
 *
 * ## Example
 *
 * ```ts
 * import { Api } from 'simperium-rx';
 *
 * const api = new Api('my-app-id', token, { retry: { count: 3, initialDelay: 500 } });
 * api
 *   .bucket('todo')
 *   .changes$({ retry: { maxDelay: 10_000 } })
 *   .subscribe(console.log);
 * ```
 */
export interface RetryOptions {
  /** Delay before the first retry. */
  readonly initialDelay: number;
  /** Upper bound of the exponential backoff. */
  readonly maxDelay: number;
  /** Growth of the delay from one retry to the next. */
  readonly factor: number;
  /**
   * Share of each delay that is randomised, from 0 (none) to 1: the wait is drawn between
   * `delay × (1 − jitter)` and `delay`, so many clients failing together do not retry together.
   */
  readonly jitter: number;
  /** Upper bound applied to a server's `Retry-After`. */
  readonly maxRetryAfter: number;
  /** Retries after the first attempt: `0` disables retrying, `Infinity` never gives up. */
  readonly count: number;
}

/** Change feeds retry forever: 1 s, 2 s, 4 s … up to 30 s, half of it jittered. */
export const defaultFeedRetry: RetryOptions = {
  initialDelay: 1000,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.5,
  maxRetryAfter: 60_000,
  count: Infinity,
};

/** One-shot calls do not retry unless asked to (same schedule as feeds once `count` is raised). */
export const defaultOneShotRetry: RetryOptions = { ...defaultFeedRetry, count: 0 };

/**
 * True when another attempt may succeed: network failures, timeouts, HTTP 408, 429 and 5xx.
 * Any other status (401, 403, 404, 409, 412 …) and decode or argument errors are final.
 */
export const isRetryable = (e: SimperiumError): boolean =>
  isNetworkError(e) ||
  isTimeoutError(e) ||
  (isHttpError(e) && (e.status >= 500 || e.status === 408 || e.status === 429));

/**
 * The wait before retry number `attempt` (1 for the first retry): `initialDelay × factor^(attempt − 1)`
 * capped at `maxDelay`, then reduced by up to `jitter` of itself. `random` returns a number in [0, 1).
 * The result is a whole number of milliseconds, never negative.
 */
export const backoffDelay = (
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number => {
  const exponential = options.initialDelay * Math.pow(options.factor, Math.max(0, attempt - 1));
  const capped = Math.min(options.maxDelay, exponential);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.max(0, Math.round(capped * (1 - jitter * random())));
};

/**
 * The wait before retrying after `error`: the server's `Retry-After` when it sent one (capped at
 * `maxRetryAfter`, no jitter), otherwise {@link backoffDelay}.
 */
export const retryDelay = (
  error: SimperiumError,
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number =>
  isHttpError(error) && error.retryAfter !== undefined
    ? Math.round(Math.min(options.maxRetryAfter, Math.max(0, error.retryAfter)))
    : backoffDelay(attempt, options, random);

/** Carries a retryable `Left` through rxjs's error channel, inside this module only. */
class RetryableLeft {
  constructor(readonly left: E.Left<SimperiumError>) {}
}

/**
 * Retries a request whose answer is a retryable `Left`, by re-subscribing to it after
 * {@link retryDelay}. Values that are `Right` or a final `Left` pass through untouched, and each
 * of them resets the attempt counter (`resetOnSuccess`), so a long-lived source that keeps
 * succeeding starts its backoff over after every success.
 *
 * Emits what the source emits; when `options.count` retries are used up, emits the last `Left`
 * and completes. Errors (defects) are not retried. Unsubscribing cancels the pending delay or the
 * attempt in flight.
 *
 * @param options the retry policy
 * @param scheduler schedules the delays (virtual time in tests)
 * @param retryable which `Left` values are retried (default {@link isRetryable})
 * @param onRetry told of each failure about to be retried, and of the retry's number (from 1)
 */
export const retryEither =
  <A>(
    options: RetryOptions,
    scheduler: SchedulerLike = asyncScheduler,
    retryable: (e: SimperiumError) => boolean = isRetryable,
    onRetry?: (e: SimperiumError, attempt: number) => void,
  ): MonoTypeOperatorFunction<E.Either<SimperiumError, A>> =>
  (source) =>
    source.pipe(
      mergeMap((ea) =>
        E.isLeft(ea) && retryable(ea.left) ? throwError(() => new RetryableLeft(ea)) : of(ea),
      ),
      retry({
        count: options.count,
        resetOnSuccess: true,
        delay: (err: unknown, attempt: number): Observable<unknown> => {
          if (!(err instanceof RetryableLeft)) return throwError(() => err);
          onRetry?.(err.left.left, attempt);
          return timer(retryDelay(err.left.left, attempt, options), scheduler);
        },
      }),
      catchError((err: unknown) =>
        err instanceof RetryableLeft ? of(err.left) : throwError(() => err),
      ),
    );
