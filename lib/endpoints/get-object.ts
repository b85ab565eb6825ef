/**
 * Reading an object: `GET {bucket}/i/{id}[/v/{version}]`.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { map } from 'rxjs';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { objectPath, validated } from './object-path.js';
import { send } from './run.js';
import { readGetResult } from './object-results.js';
import type { GetOptions, GetResult } from './object-types.js';

/**
 * Reads a document, or one of its versions: the function behind `Bucket.get$`, which documents
 * the contract. Emits `{ id, version, data }` (the data decoded with `codec`) or one `Left`, then
 * completes.
 *
 * @param ctx the data API's context (`createApiContext`)
 * @param bucket the bucket's name
 * @param codec decodes the document
 * @param id the object id
 * @param options `version`
 */
export const getObject$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  id: string,
  options: GetOptions = {},
): ObservableEither<SimperiumError, GetResult<A>> =>
  validated(objectPath(bucket, id, options.version), (path) =>
    send(ctx, { method: 'GET', path }).pipe(map(E.chain(readGetResult(codec, id)))),
  );
