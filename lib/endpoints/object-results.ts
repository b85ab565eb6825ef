/**
 * Reading the answers to the object endpoints (`GET`, `POST`, `DELETE` on `{bucket}/i/{id}`) into
 * the values they emit. Pure functions of an exchange; they never throw.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { decodeJson } from '../codecs/decode.js';
import { decodeVersion } from '../codecs/version-header.js';
import * as E from '../either.js';
import type { DecodeError } from '../errors.js';
import type { Exchange } from '../transport/execute.js';
import type { DeleteResult, GetResult, PostResult } from './object-types.js';

/**
 * A `POST` answer (200, 409 or 412): `changed` is false only for 412; `version` comes from
 * `X-Simperium-Version` when present; with `withData`, a 200 body is decoded with `codec` into
 * `data`. `Left(DecodeError)` for a malformed version header or body.
 */
export const readPostResult =
  <A>(codec: t.Decoder<unknown, A>, id: string, withData: boolean) =>
  ({ request, response }: Exchange): E.Either<DecodeError, PostResult<A>> =>
    E.chain((version: number | undefined) => {
      const result = {
        id,
        ...(version === undefined ? {} : { version }),
        changed: response.status !== 412,
      };
      return withData && response.status === 200
        ? E.map((data: A): PostResult<A> => ({ ...result, data }))(
            decodeJson(codec, response, request),
          )
        : E.right(result);
    })(decodeVersion(response.headers, request, false));

/**
 * A `GET` answer: the body decoded with `codec` and the required `X-Simperium-Version` header.
 * `Left(DecodeError)` when either is missing or malformed.
 */
export const readGetResult =
  <A>(codec: t.Decoder<unknown, A>, id: string) =>
  ({ request, response }: Exchange): E.Either<DecodeError, GetResult<A>> =>
    E.map(({ version, data }: { version: number; data: A }) => ({ id, version, data }))(
      E.all({
        version: decodeVersion(response.headers, request, true),
        data: decodeJson(codec, response, request),
      }),
    );

/** A `DELETE` answer: the version from `X-Simperium-Version` when present (the body is empty). */
export const readDeleteResult =
  (id: string) =>
  ({ request, response }: Exchange): E.Either<DecodeError, DeleteResult> =>
    E.map((version: number | undefined) => (version === undefined ? { id } : { id, version }))(
      decodeVersion(response.headers, request, false),
    );
