/**
 * The `changes` and `all` feeds of a bucket: the requests `changes$` and `all$` send, run by the
 * long-poll loop.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import * as t from 'io-ts';
import * as check from '../arguments.js';
import { changeDecoder, type Change } from '../codecs/change.js';
import { decodeValue, withIdOf } from '../codecs/decode.js';
import { executeJson } from '../endpoints/run.js';
import type { DecodeError, SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import { withHub } from '../socket/load.js';
import type { ApiContext } from '../transport/context.js';
import type { RetryOptions } from '../transport/retry.js';
import type { Query } from '../transport/urls.js';
import {
  DEFAULT_POLL_WINDOW,
  longPoll,
  pollAnswers,
  type Answer,
  type LongPollOptions,
  type PollHooks,
} from './long-poll.js';

/** How much longer than the long-poll window a feed request may take before it times out. */
export const FEED_TIMEOUT_MARGIN = 15_000;

/** Options of `changes$`. */
export interface ChangesOptions {
  /**
   * Start after this cursor: a change's `cv`, or an index page's `current`. Default: none (where
   * the server then starts is up to it).
   */
  readonly cv?: string;
  /**
   * The long-poll window in milliseconds (default 30 000): a request unanswered for this long is
   * dropped and sent again. Each request's transport timeout is set 15 s past the window, so that
   * only the window ends a quiet poll.
   */
  readonly pollWindow?: number;
  /**
   * @deprecated The old name of `pollWindow`, which says what it is: `timeout` is the client
   * option for a whole request. Still read when `pollWindow` is absent.
   */
  readonly timeout?: number;
  /**
   * After an empty answer, the least time in milliseconds from sending that request to sending the
   * next (default 1000; `0` for none), so that a server or gateway answering `[]` at once instead
   * of holding the request is not polled in a tight loop. A non-empty answer is followed by the
   * next request at once.
   */
  readonly minInterval?: number;
  /**
   * Overrides of the retry policy. Default: retry forever (`count: Infinity`), with the delays
   * of the `Api`'s `retry` option.
   */
  readonly retry?: Partial<RetryOptions>;
}

/** The feed's policy: the Api's delays, never giving up, then the call's own overrides. */
const feedRetry = (ctx: ApiContext, overrides: Partial<RetryOptions> = {}): RetryOptions => ({
  ...ctx.retry,
  count: Infinity,
  ...overrides,
});

/**
 * The long-poll options of `GET {bucket}/{endpoint}?clientid&cv&…extra`, or the first invalid
 * option. A change that does not decode but names its object keeps that `id` in its error.
 */
const feedOptions = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  endpoint: 'changes' | 'all',
  options: ChangesOptions,
  extra: Query = {},
): E.Either<SimperiumError, LongPollOptions<Change<A>>> => {
  const checks = E.all({
    bucket: check.bucketName(bucket),
    cv: check.cursor('cv', options.cv),
    window:
      options.pollWindow === undefined && options.timeout !== undefined
        ? check.duration('timeout', options.timeout)
        : check.duration('pollWindow', options.pollWindow),
    minInterval: check.duration('minInterval', options.minInterval, true),
  });
  if (E.isLeft(checks)) return checks;
  const { cv, minInterval } = checks.right;
  const window = checks.right.window ?? DEFAULT_POLL_WINDOW;
  const change = changeDecoder(codec);
  return E.right({
    ...(cv === undefined ? {} : { cv }),
    ...(minInterval === undefined ? {} : { minInterval }),
    window,
    retry: feedRetry(ctx, options.retry),
    poll: (from) =>
      executeJson(
        ctx,
        {
          method: 'GET',
          path: [checks.right.bucket, endpoint],
          query: { clientid: ctx.clientId, cv: from, ...extra },
          timeout: window + FEED_TIMEOUT_MARGIN,
        },
        t.unknown,
      ),
    decode: (raw) => E.mapLeft((e: DecodeError) => withIdOf(e, raw))(decodeValue(change, raw)),
  });
};

/** A long-poll feed of `GET {bucket}/{endpoint}?clientid&cv&…extra`. */
export const feed = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  endpoint: 'changes' | 'all',
  options: ChangesOptions,
  extra: Query = {},
): ObservableEither<SimperiumError, Change<A>> => {
  const poll = feedOptions(ctx, bucket, codec, endpoint, options, extra);
  return E.isLeft(poll) ? left(poll.left) : longPoll(poll.right);
};

/**
 * The `changes` feed one answer at a time (see `pollAnswers`), for a live view: what
 * `changesFeed` emits, grouped by answer with the cursor after each, each request sent and each
 * retry told to `hooks`. Invalid options emit one `Left(InvalidArgumentError)` and complete.
 */
export const changeAnswers = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: ChangesOptions,
  hooks?: PollHooks,
): ObservableEither<SimperiumError, Answer<Change<A>>> => {
  if (ctx.stream !== undefined) {
    return withHub((hub) => hub.streamAnswers(ctx, bucket, codec, options, hooks));
  }
  const poll = feedOptions(ctx, bucket, codec, 'changes', options);
  return E.isLeft(poll) ? left(poll.left) : pollAnswers(poll.right, hooks);
};

/**
 * The endless feed of the changes visible to this token's user (see `Bucket.changes$` for the
 * contract). Invalid options emit one `Left(InvalidArgumentError)` and complete, sending nothing.
 */
export const changesFeed = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: ChangesOptions,
): ObservableEither<SimperiumError, Change<A>> =>
  ctx.stream === undefined
    ? feed(ctx, bucket, codec, 'changes', options)
    : withHub((hub) => hub.streamChanges(ctx, bucket, codec, options));
