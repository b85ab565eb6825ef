/**
 * Writing an object: `POST {bucket}/i/{id}[/v/{version}]`, and creating one under a new id.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { map } from 'rxjs';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { uuidHex } from '../uuid-hex.js';
import { encodeData } from '../codecs/encode.js';
import { objectPath } from './object-path.js';
import { readPostResult } from './object-results.js';
import type { NewOptions, PostOptions, PostResult } from './object-types.js';
import { write$ } from './write.js';

/**
 * Merges `data` into a document (or replaces it with `replace: true`): the function behind
 * `Bucket.post$`, which documents the contract. The data is sent in the codec's wire form (see
 * `encodeData`). The ccid is fixed when this is called, so every
 * subscription and retry sends the same one. Emits `{ id, version, changed, data? }` or one
 * `Left`, then completes. Over the socket (`transport: 'websocket'`, without `version` or
 * `response`, which only HTTP can say) it is a change replacing each of the keys (with `replace`,
 * the whole document): the same answers, and a refusal is the `HttpError` with the server's code.
 *
 * @param ctx the data API's context (`createApiContext`)
 * @param bucket the bucket's name
 * @param codec decodes the resulting document (with `response: true`)
 * @param id the object id
 * @param data the keys to merge, or the whole document with `replace: true`
 * @param options `version`, `replace`, `ccid`, `response`
 */
export const postObject$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  id: string,
  data: Partial<A>,
  options: PostOptions = {},
): ObservableEither<SimperiumError, PostResult<A>> =>
  send$(ctx, bucket, codec, id, encodeData(codec, data, options.replace === true), options);

/** Posts an encoded document: the request `postObject$` and `newObject$` send. */
const send$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  id: string,
  body: unknown,
  options: PostOptions,
): ObservableEither<SimperiumError, PostResult<A>> =>
  write$(
    ctx,
    objectPath(bucket, id, options.version),
    options.ccid,
    (path) => ({
      method: 'POST',
      path,
      query: { response: options.response, replace: options.replace },
      body,
      accept: [200, 409, 412],
    }),
    readPostResult(codec, id, options.response === true),
    options.response ? undefined : { o: 'M', body, replace: options.replace },
  );

/**
 * Creates a document under a new random id (uuid v4 hex, fixed when this is called, like the
 * ccid): the function behind `Bucket.new$`. Emits the id once stored, or one `Left`, then
 * completes.
 *
 * @param ctx the data API's context
 * @param bucket the bucket's name
 * @param codec the bucket's codec (the answer carries no document, so it decodes nothing)
 * @param data the whole document
 * @param options `ccid`
 */
export const newObject$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  data: A,
  options: NewOptions = {},
): ObservableEither<SimperiumError, string> => {
  const id = uuidHex();
  const body = encodeData(codec, data, true);
  return send$(ctx, bucket, codec, id, body, { ccid: options.ccid }).pipe(map(E.map(() => id)));
};
