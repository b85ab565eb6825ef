/**
 * Sharing an object with another user: `POST {bucket}/i/{id}/share/{username}`.
 *
 * @since 0.1.0
 */
import * as check from '../arguments.js';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { objectPath } from './object-path.js';
import type { ShareOptions } from './object-types.js';
import { write$ } from './write.js';

/**
 * Shares a document with another user, who then sees it as `{yourUserId}/{id}`: the function
 * behind `Bucket.share$`, which documents the contract. Emits `undefined` once done or one
 * `Left`, then completes; HTTP 409 (the ccid was applied) is success.
 *
 * @param ctx the data API's context (`createApiContext`)
 * @param bucket the bucket's name
 * @param id the object id
 * @param username the user to share with
 * @param options `writeAccess` (default `false`), `ccid`
 */
export const shareObject$ = (
  ctx: ApiContext,
  bucket: string,
  id: string,
  username: string,
  options: ShareOptions = {},
): ObservableEither<SimperiumError, void> =>
  write$(
    ctx,
    E.map(({ path, user }: { path: ReadonlyArray<string>; user: string }) => [
      ...path,
      'share',
      user,
    ])(E.all({ path: objectPath(bucket, id), user: check.username(username) })),
    options.ccid,
    (path) => ({
      method: 'POST',
      path,
      body: { write_access: options.writeAccess === true },
      accept: [200, 409],
    }),
    () => E.right(undefined),
  );
