/**
 * Reading an object's version from the `X-Simperium-Version` response header.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import { decodeError, type DecodeError } from '../errors.js';
import type { DecodeContext } from './decode.js';

const VERSION = /^\s*(\d{1,15})\s*$/;

/**
 * The version in `X-Simperium-Version`: `Right(n)` for a positive integer, `Right(undefined)`
 * when the header is absent and `required` is false, and `Left(DecodeError)` when it is absent
 * but required, or present but not a positive integer.
 *
 * @param headers response headers with lower-case names
 * @param req the request, recorded in the error
 * @param required whether a missing header is an error
 */
export function decodeVersion(
  headers: Readonly<Record<string, string>>,
  req: DecodeContext,
  required: true,
): E.Either<DecodeError, number>;
export function decodeVersion(
  headers: Readonly<Record<string, string>>,
  req: DecodeContext,
  required: boolean,
): E.Either<DecodeError, number | undefined>;
export function decodeVersion(
  headers: Readonly<Record<string, string>>,
  req: DecodeContext,
  required: boolean,
): E.Either<DecodeError, number | undefined> {
  const raw = headers['x-simperium-version'];
  if (raw === undefined && !required) return E.right(undefined);
  const match = raw === undefined ? null : VERSION.exec(raw);
  const version = match ? Number(match[1]) : 0;
  return version >= 1
    ? E.right(version)
    : E.left(
        decodeError({
          messages: [
            raw === undefined
              ? 'Missing X-Simperium-Version header'
              : `Invalid X-Simperium-Version header ${JSON.stringify(raw)}`,
          ],
          method: req.method,
          url: req.url,
        }),
      );
}
