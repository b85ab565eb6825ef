/**
 * The long-poll loop behind `changes$` and `all$`: ask for the changes after a cursor, emit them,
 * ask again from the last one, forever.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import {
  SchedulerLike,
  asyncScheduler,
  concatMap,
  defer,
  from,
  map,
  of,
  repeat,
  takeUntil,
  takeWhile,
  timer,
} from 'rxjs';
import {
  SimperiumError,
  isDecodeError,
  isHttpError,
  isProtocolError,
  protocolError,
  unknownCursorError,
} from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import { RetryOptions, defaultFeedRetry, isRetryable, retryEither } from '../transport/retry.js';

/** The long-poll window used when none is given: 30 s. */
export const DEFAULT_POLL_WINDOW = 30_000;

/** The least time from one request to the next after an empty answer, when none is given: 1 s. */
export const DEFAULT_MIN_POLL_INTERVAL = 1000;

export interface LongPollOptions<C extends { readonly cv: string }> {
  /**
   * One request for the changes after `cv` (`undefined`: no cursor yet). Emits one value and
   * completes: `Right(parsed JSON body)` or `Left`; unsubscribing must abort it.
   */
  readonly poll: (cv: string | undefined) => ObservableEither<SimperiumError, unknown>;
  /** Decodes one element of the answer. */
  readonly decode: (raw: unknown) => E.Either<SimperiumError, C>;
  /** Where to start (default: no cursor). */
  readonly cv?: string;
  /** How transient failures are retried (default {@link defaultFeedRetry}: forever). */
  readonly retry?: RetryOptions;
  /** Milliseconds one request may stay unanswered before it is dropped and sent again. */
  readonly window?: number;
  /**
   * Milliseconds that must pass from sending a request to sending the next one when its answer
   * was empty (default {@link DEFAULT_MIN_POLL_INTERVAL}; `0` turns the floor off). A server, or a
   * gateway in front of it, that answers `[]` at once instead of holding the request would
   * otherwise be polled in a tight loop. A non-empty answer is followed by the next request at
   * once.
   */
  readonly minInterval?: number;
  /** Schedules the window and the retry delays (virtual time in tests). */
  readonly scheduler?: SchedulerLike;
}

/** What a live view is told of the loop's progress besides its answers. */
export interface PollHooks {
  /** A request is being sent. */
  readonly onPoll?: () => void;
  /** A transient failure is about to be retried (`attempt` counts from 1). */
  readonly onRetry?: (error: SimperiumError, attempt: number) => void;
}

/** One answer of the feed: its changes, each decoded or not, and the cursor after them. */
export interface Answer<C> {
  readonly changes: ReadonlyArray<E.Either<SimperiumError, C>>;
  readonly cv: string | undefined;
}

/** One element of an answer: its decoding, and the cursor to resume after it, when known. */
interface Item<C> {
  readonly change: E.Either<SimperiumError, C>;
  readonly cv: string | undefined;
}

const rawCv = (raw: unknown): string | undefined => {
  const cv: unknown =
    typeof raw === 'object' && raw !== null ? (raw as { cv?: unknown }).cv : undefined;
  return typeof cv === 'string' && cv.length > 0 ? cv : undefined;
};

/**
 * An answer that is not JSON (a `DecodeError`: a proxy's error page, say) or not an array (a
 * `ProtocolError`), and any transient failure, is worth asking again.
 */
const retryableInFeed = (e: SimperiumError): boolean =>
  isRetryable(e) || isDecodeError(e) || isProtocolError(e);

/**
 * The long-poll loop, one value per answer (an empty one when a quiet window ends with `[]`):
 * `Right` of its changes, each decoded (or the `Left` of one that did not decode), in order, with
 * the cursor after them (past the last change whose raw `cv` is a string). A failure that ends
 * the loop is one final `Left` (see {@link longPoll}); `hooks` are told of each request sent and
 * each transient failure about to be retried. Same cancellation and laziness as {@link longPoll}.
 */
export const pollAnswers = <C extends { readonly cv: string }>(
  options: LongPollOptions<C>,
  hooks: PollHooks = {},
): ObservableEither<SimperiumError, Answer<C>> =>
  defer(() => {
    const scheduler = options.scheduler ?? asyncScheduler;
    const window = options.window ?? DEFAULT_POLL_WINDOW;
    const minInterval = options.minInterval ?? DEFAULT_MIN_POLL_INTERVAL;
    let cursor = options.cv;

    const toItems = (
      answer: E.Either<SimperiumError, unknown>,
    ): E.Either<SimperiumError, Item<C>[]> => {
      if (E.isLeft(answer)) {
        const e = answer.left;
        return isHttpError(e) && e.status === 404 && cursor !== undefined
          ? E.left(unknownCursorError(cursor, e.url))
          : answer;
      }
      const body = answer.right;
      if (!Array.isArray(body)) {
        return E.left(protocolError({ message: 'Expected an array of changes' }));
      }
      return E.right(
        body.map((raw: unknown): Item<C> => {
          const change = options.decode(raw);
          return { change, cv: E.isRight(change) ? change.right.cv : rawCv(raw) };
        }),
      );
    };

    /** Passes an empty answer on only once `minInterval` has passed since its request was sent. */
    const floor = (sent: number) => (answer: E.Either<SimperiumError, Item<C>[]>) => {
      const rest = sent + minInterval - scheduler.now();
      return E.isRight(answer) && answer.right.length === 0 && rest > 0
        ? timer(rest, scheduler).pipe(map(() => answer))
        : of(answer);
    };

    const round$ = defer(() => {
      const sent = scheduler.now();
      hooks.onPoll?.();
      return options
        .poll(cursor)
        .pipe(takeUntil(timer(window, scheduler)), map(toItems), concatMap(floor(sent)));
    });

    return round$.pipe(
      repeat(),
      retryEither<Item<C>[]>(
        options.retry ?? defaultFeedRetry,
        scheduler,
        retryableInFeed,
        hooks.onRetry,
      ),
      takeWhile(E.isRight, true),
      map((answer) => {
        if (E.isLeft(answer)) return answer;
        for (const item of answer.right) if (item.cv !== undefined) cursor = item.cv;
        return E.right({ changes: answer.right.map((item) => item.change), cv: cursor });
      }),
    );
  });

/**
 * An endless feed of changes, by long polling.
 *
 * Each request carries the cursor of the last change emitted (at first `options.cv`), and each
 * element of its answer is emitted in order: `Right(change)`, or `Left(DecodeError)` for an
 * element that does not decode, after which the feed goes on (past that element when its raw
 * `cv` is a string). An empty answer, or no answer within `window`, is normal: the request is
 * sent again, silently — after an empty answer, no sooner than `minInterval` after the previous
 * request was sent.
 *
 * Transient failures (network, timeout, 408, 429, 5xx, and an answer that is not JSON or not an
 * array) are
 * retried per `options.retry` — forever by default, backing off, and resuming from the last
 * emitted change, so nothing is lost or emitted twice; every answer resets the backoff. Any other
 * failure is emitted as one final `Left` and the feed completes: an HTTP 404 while a cursor is
 * set becomes `UnknownCursorError` (the cursor is too old: re-index), others (401, 403 …) stay
 * `HttpError`. If `retry.count` is finite and used up, the last failure ends the feed the same way.
 *
 * It never completes otherwise and never errors. Nothing is sent before subscribe; each
 * subscription starts its own loop from `options.cv`. Unsubscribing aborts the request held open
 * and clears the window, retry and `minInterval` timers.
 */
export const longPoll = <C extends { readonly cv: string }>(
  options: LongPollOptions<C>,
): ObservableEither<SimperiumError, C> =>
  pollAnswers(options).pipe(
    concatMap((answer) => (E.isLeft(answer) ? of(answer) : from(answer.right.changes))),
  );
