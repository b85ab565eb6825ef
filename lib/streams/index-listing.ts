/**
 * A bucket's index, page by page: the requests `indexPages$` and `index$` send, run by the lazy
 * pager.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import type * as t from 'io-ts';
import { map } from 'rxjs';
import * as check from '../arguments.js';
import { decodeValue, parseJson } from '../codecs/decode.js';
import { isRecord } from '../jsondiff/guards.js';
import { indexPageDecoder, type IndexEntry, type IndexPage } from '../codecs/index-page.js';
import { invalidArgumentError, protocolError, type SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { executeJson } from '../endpoints/run.js';
import { execute, type RequestRef, type RequestSpec } from '../transport/execute.js';
import { retryEither, type RetryOptions } from '../transport/retry.js';
import { markAtEnd } from './mark-at-end.js';
import { entries, pages, prefetchedPages } from './pager.js';

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
  /**
   * `1` sends the request for the next page as soon as a page arrives, before decoding it (and
   * before parsing it, when its `mark` ends its text, as the local server writes it), so the
   * network and the client's work overlap (one request more than an early-stopping consumer
   * needs). Default `0`: each page is requested only once the previous one was emitted.
   */
  readonly prefetch?: 0 | 1;
}

/** A page as the prefetching listing first reads it: its mark, and how to have it parsed. */
interface RawPage {
  readonly request: RequestRef;
  /** The page's mark, read before the page is decoded. */
  readonly mark: string | undefined;
  /** The parsed page: parsed already, or parsed now when its mark was read from its text. */
  readonly parsed: () => E.Either<SimperiumError, unknown>;
}

/** The mark of a parsed page, read before the page is decoded. */
const markOf = (json: unknown): string | undefined =>
  isRecord(json) && typeof json.mark === 'string' && json.mark !== '' ? json.mark : undefined;

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
    prefetch: (options.prefetch === undefined || options.prefetch === 0 || options.prefetch === 1
      ? E.right(options.prefetch)
      : E.left(invalidArgumentError('prefetch', 'prefetch must be 0 or 1'))) as check.Validation<
      0 | 1 | undefined
    >,
  });
  if (E.isLeft(checks)) return left(checks.left);
  const { limit, since } = checks.right;
  const retry: RetryOptions = { ...ctx.retry, ...options.retry };
  const spec = (mark: string | undefined): RequestSpec => ({
    method: 'GET',
    path: [checks.right.bucket, 'index'],
    query: { limit, mark, data: options.data === true, since },
  });
  if (options.prefetch !== 1) {
    return pages((mark) =>
      executeJson<IndexPage<A>>(ctx, spec(mark), (request: RequestRef) =>
        indexPageDecoder(codec, request),
      ).pipe(retryEither(retry)),
    );
  }
  const name = `IndexPage<${codec.name}>`;
  const raw = (mark: string | undefined) =>
    execute(ctx, spec(mark)).pipe(
      map(
        E.chain(({ request, response }): E.Either<SimperiumError, RawPage> => {
          // the mark read from the end of the text lets the next request leave before parsing
          const early = markAtEnd(response.text);
          if (early !== undefined) {
            return E.right({
              request,
              mark: early,
              parsed: () => parseJson(response, name, request),
            });
          }
          return E.map((json: unknown) => ({
            request,
            mark: markOf(json),
            parsed: () => E.right(json),
          }))(parseJson(response, name, request));
        }),
      ),
      retryEither(retry),
    );
  return prefetchedPages(raw, ({ request, mark, parsed }) =>
    E.chain((json: unknown) =>
      markOf(json) === mark
        ? decodeValue(indexPageDecoder(codec, request), json, request)
        : E.left<SimperiumError, IndexPage<A>>(
            protocolError({ message: 'The page mark read before parsing is not its mark' }),
          ),
    )(parsed()),
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
