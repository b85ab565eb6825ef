/**
 * Deleting an object: `DELETE {bucket}/i/{id}[/v/{version}]`.
 *
 * @since 0.1.0
 */
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { objectPath } from './object-path.js';
import { readDeleteResult } from './object-results.js';
import type { DeleteOptions, DeleteResult } from './object-types.js';
import { write$ } from './write.js';

/**
 * Deletes a document (only if `version` is still current, when given): the function behind
 * `Bucket.delete$`, which documents the contract. The ccid is fixed when this is called. Emits
 * `{ id, version? }` or one `Left`, then completes; HTTP 409 (the ccid was applied) is success.
 * Over the socket (`transport: 'websocket'`, without `version`) it is an `o: '-'` change, whose
 * answers read the same: 412 (already deleted) is the `HttpError` 404 HTTP would give.
 *
 * @param ctx the data API's context (`createApiContext`)
 * @param bucket the bucket's name
 * @param id the object id
 * @param options `version`, `ccid`
 */
export const deleteObject$ = (
  ctx: ApiContext,
  bucket: string,
  id: string,
  options: DeleteOptions = {},
): ObservableEither<SimperiumError, DeleteResult> =>
  write$(
    ctx,
    objectPath(bucket, id, options.version),
    options.ccid,
    (path) => ({ method: 'DELETE', path, accept: [200, 409] }),
    readDeleteResult(id),
    { o: '-' },
  );
