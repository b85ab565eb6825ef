/**
 * A bucket's index, page by page: the requests `indexPages$` and `index$` send, run by the lazy
 * pager.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import type * as t from 'io-ts';
import * as check from '../arguments.js';
import { indexPageDecoder, type IndexEntry, type IndexPage } from '../codecs/index-page.js';
import type { SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { executeJson } from '../endpoints/run.js';
import type { RequestRef } from '../transport/execute.js';
import { retryEither, type RetryOptions } from '../transport/retry.js';
import { entries, pages } from './pager.js';

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
  const checks = E.all({
    bucket: check.bucketName(bucket),
    limit: check.count('limit', options.limit),
    since: check.cursor('since', options.since),
  });
  if (E.isLeft(checks)) return left(checks.left);
  const { limit, since } = checks.right;
  const retry: RetryOptions = { ...ctx.retry, ...options.retry };
  return pages((mark) =>
    executeJson<IndexPage<A>>(
      ctx,
      {
        method: 'GET',
        path: [checks.right.bucket, 'index'],
        query: { limit, mark, data: options.data === true, since },
      },
      (request: RequestRef) => indexPageDecoder(codec, request),
    ).pipe(retryEither(retry)),
  );
};

/**
 * The index's entries, page after page (see `Bucket.index$` for the contract): each entry that
 * decoded as a `Right`, then each that did not as a `Left(DecodeError)`; a failing page
 * ends the listing with its `Left`.
 */
export const indexEntries = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: IndexOptions,
): ObservableEither<SimperiumError, IndexEntry<A>> =>
  indexPages(ctx, bucket, codec, options).pipe(entries<SimperiumError, A>());
