/**
 * A bucket's index, page by page: the requests `indexPages$` and `index$` send, run by the lazy
 * pager.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { map } from 'rxjs';
import { decodeJson } from '../codecs/decode';
import { indexPageCodec, type IndexPage } from '../codecs/index-page';
import type { DecodeError, SimperiumError } from '../errors';
import { left, type ObservableEither } from '../observable-either';
import type { ApiContext } from '../transport/context';
import { execute } from '../transport/execute';
import { defaultOneShotRetry, retryEither, type RetryOptions } from '../transport/retry';
import { validateBucketName } from '../transport/validate';
import { optionalCount, optionalCursor } from './arguments';
import { pages } from './pager';

/** Options of `index$` and `indexPages$`. */
export interface IndexOptions {
  /** Include each object's data (`data=1`), decoded with the bucket's codec. */
  readonly data?: boolean;
  /** Entries per page (`limit`; the server's default is 100, its maximum 1000). */
  readonly limit?: number;
  /** Only objects changed after this cursor (`since`). */
  readonly since?: string;
  /**
   * Overrides of the retry policy of each page request. Default: the `Api`'s `retry` option,
   * which retries nothing unless its `count` is raised.
   */
  readonly retry?: Partial<RetryOptions>;
}

/** Records in each invalid entry's error which request its page answered. */
const withRequest =
  <A>(request: { readonly method: string; readonly url: string }) =>
  (page: IndexPage<A>): IndexPage<A> =>
    page.invalid === undefined
      ? page
      : {
          ...page,
          invalid: page.invalid.map(({ position, error }) => ({
            position,
            error: { ...error, method: request.method, url: request.url },
          })),
        };

/**
 * The pages of a bucket's index (see `Bucket.indexPages$` for the contract). Invalid options emit
 * one `Left(InvalidArgumentError)` and complete, sending nothing.
 */
export const indexPages = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: IndexOptions,
): ObservableEither<SimperiumError, IndexPage<A>> => {
  const checks = pipe(
    E.Do,
    E.apS('bucket', validateBucketName(bucket)),
    E.apS('limit', optionalCount('limit', options.limit)),
    E.apS('since', optionalCursor('since', options.since)),
  );
  if (E.isLeft(checks)) return left(checks.left);
  const { limit, since } = checks.right;
  const page = indexPageCodec(codec);
  const retry: RetryOptions = { ...(ctx.retry ?? defaultOneShotRetry), ...options.retry };
  return pages((mark) =>
    execute(ctx, {
      method: 'GET',
      path: [checks.right.bucket, 'index'],
      query: { limit, mark, data: options.data === true, since },
    }).pipe(
      map(
        E.chainW(({ request, response }): E.Either<DecodeError, IndexPage<A>> =>
          pipe(decodeJson(page, response, request), E.map(withRequest<A>(request))),
        ),
      ),
      retryEither(retry),
    ),
  );
};
