/**
 * Validation of the arguments that end up in a request's path, query or body. Each check returns
 * `Right(value)` or `Left(InvalidArgumentError)`, so endpoints refuse bad input before sending
 * anything. Together with percent-encoding every path segment (see `urls.ts`), this guarantees
 * that no argument can change which resource a URL addresses.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { invalidArgumentError, type InvalidArgumentError } from '../errors';

export type Validation<A> = E.Either<InvalidArgumentError, A>;

const BUCKET_NAME = /^[A-Za-z0-9._%-]{1,64}$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const MAX_ID_LENGTH = 256;

/** `.` and `..` are dot-segments: URL parsers resolve them even when percent-encoded. */
const isDotSegment = (s: string): boolean => s === '.' || s === '..';

const codePoints = (s: string): number => Array.from(s).length;

/**
 * A text that travels as one path segment or in a JSON body: a non-empty string of at most 256
 * characters, without control characters or lone surrogates, and not `.` or `..`.
 */
const text = (argument: string, value: unknown): Validation<string> => {
  if (typeof value !== 'string' || value.length === 0) {
    return E.left(invalidArgumentError(argument, `${argument} must be a non-empty string`));
  }
  if (codePoints(value) > MAX_ID_LENGTH) {
    return E.left(
      invalidArgumentError(argument, `${argument} is longer than ${MAX_ID_LENGTH} characters`),
    );
  }
  if (CONTROL.test(value)) {
    return E.left(invalidArgumentError(argument, `${argument} contains a control character`));
  }
  if (LONE_SURROGATE.test(value)) {
    return E.left(invalidArgumentError(argument, `${argument} is not well-formed Unicode`));
  }
  if (isDotSegment(value)) {
    return E.left(invalidArgumentError(argument, `${argument} cannot be "." or ".."`));
  }
  return E.right(value);
};

/** A bucket name: 1–64 characters from `A-Z a-z 0-9 . _ % -`, and not `.` or `..`. */
export const validateBucketName = (name: unknown): Validation<string> =>
  typeof name === 'string' && BUCKET_NAME.test(name) && !isDotSegment(name)
    ? E.right(name)
    : E.left(
        invalidArgumentError('bucket', 'bucket names are 1-64 characters from A-Z a-z 0-9 . _ % -'),
      );

/**
 * An object id: non-empty, at most 256 characters, no control characters. Any Unicode is allowed.
 * A `/` is allowed once, for a shared object's `{userid}/{id}`, with both sides non-empty.
 */
export const validateObjectId = (id: unknown): Validation<string> =>
  E.chain((valid: string) => {
    const parts = valid.split('/');
    return parts.length === 1 || (parts.length === 2 && parts.every((p) => p.length > 0))
      ? E.right(valid)
      : E.left(invalidArgumentError('id', 'id may contain "/" only as {userid}/{id}'));
  })(text('id', id));

/** A username (an email address on the hosted service): non-empty, no control characters. */
export const validateUsername = (username: unknown, argument = 'username'): Validation<string> =>
  text(argument, username);

/** An object version: a positive integer. */
export const validateVersion = (version: unknown): Validation<number> =>
  typeof version === 'number' && Number.isSafeInteger(version) && version >= 1
    ? E.right(version)
    : E.left(invalidArgumentError('version', 'version must be a positive integer'));

/** A change id or client id: 1–256 visible ASCII characters. */
export const validateAsciiId = (argument: string, value: unknown): Validation<string> =>
  typeof value === 'string' && VISIBLE_ASCII.test(value) && value.length <= MAX_ID_LENGTH
    ? E.right(value)
    : E.left(invalidArgumentError(argument, `${argument} must be 1-256 visible ASCII characters`));

/**
 * `JSON.stringify` writes a lone surrogate (half of a UTF-16 pair, which is not Unicode text) as
 * an escape `\\udXXX` after an odd run of backslashes; a well-formed pair it writes as is.
 */
const LONE_SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * A request body as `JSON.stringify` wrote it: refused when a string in it, value or key, holds a
 * lone surrogate, which the server refuses too.
 */
export const validateJsonText = (argument: string, text: string): Validation<string> =>
  LONE_SURROGATE_ESCAPE.test(text)
    ? E.left(invalidArgumentError(argument, `${argument} holds a lone surrogate, not Unicode text`))
    : E.right(text);

/** A string the caller must pass (a password): any string, possibly empty. */
export const validateString = (argument: string, value: unknown): Validation<string> =>
  typeof value === 'string'
    ? E.right(value)
    : E.left(invalidArgumentError(argument, `${argument} must be a string`));
