/**
 * Reading the answers to the object endpoints (`GET`, `POST`, `DELETE` on `{bucket}/i/{id}`) into
 * the values `Bucket` emits. Pure functions of an exchange; they never throw.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import type { DeleteResult, GetResult, PostResult } from '../bucket-types';
import type { DecodeError } from '../errors';
import type { Exchange } from '../transport/execute';
import { decodeJson } from './decode';
import { decodeVersion } from './version-header';

/**
 * A `POST` answer (200, 409 or 412): `changed` is false only for 412; `version` comes from
 * `X-Simperium-Version` when present; with `withData`, a 200 body is decoded with `codec` into
 * `data`. `Left(DecodeError)` for a malformed version header or body.
 */
export const readPostResult =
  <A>(codec: t.Decoder<unknown, A>, id: string, withData: boolean) =>
  ({ request, response }: Exchange): E.Either<DecodeError, PostResult<A>> =>
    pipe(
      E.Do,
      E.apS('version', decodeVersion(response.headers, request, false)),
      E.apS(
        'body',
        withData && response.status === 200
          ? E.map((data: A) => ({ data }))(decodeJson(codec, response, request))
          : E.right({}),
      ),
      E.map(({ version, body }) => ({
        id,
        ...(version === undefined ? {} : { version }),
        changed: response.status !== 412,
        ...body,
      })),
    );

/**
 * A `GET` answer: the body decoded with `codec` and the required `X-Simperium-Version` header.
 * `Left(DecodeError)` when either is missing or malformed.
 */
export const readGetResult =
  <A>(codec: t.Decoder<unknown, A>, id: string) =>
  ({ request, response }: Exchange): E.Either<DecodeError, GetResult<A>> =>
    pipe(
      E.Do,
      E.apS('version', decodeVersion(response.headers, request, true)),
      E.apS('data', decodeJson(codec, response, request)),
      E.map(({ version, data }) => ({ id, version, data })),
    );

/** A `DELETE` answer: the version from `X-Simperium-Version` when present (the body is empty). */
export const readDeleteResult =
  (id: string) =>
  ({ request, response }: Exchange): E.Either<DecodeError, DeleteResult> =>
    E.map((version: number | undefined) => (version === undefined ? { id } : { id, version }))(
      decodeVersion(response.headers, request, false),
    );
