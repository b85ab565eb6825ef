/**
 * Listing an application's buckets: `GET /1/{appId}/buckets` (admin key). Loaded on demand by
 * `Api.buckets$`: browser bundles need not carry admin calls.
 *
 * @since 0.1.0
 */
import { map } from 'rxjs';
import { BucketList, bucketNames } from '../codecs/bucket-list.js';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { retryEither } from '../transport/retry.js';
import { executeJson } from './run.js';

/**
 * The application's bucket names (the context's token must be the admin key): the function
 * behind `Api.buckets$`, which documents the contract. Emits the names or one `Left`, then
 * completes.
 *
 * @param ctx the data API's context (`createApiContext`)
 */
export const listBuckets$ = (ctx: ApiContext): ObservableEither<SimperiumError, string[]> =>
  executeJson(ctx, { method: 'GET', path: ['buckets'] }, BucketList).pipe(
    map(E.map(bucketNames)),
    retryEither(ctx.retry),
  );
