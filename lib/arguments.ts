/**
 * Every check of a caller's argument, in one place. Calls check what ends up in a request's path,
 * query or body and return `Right(value)` or `Left(InvalidArgumentError)`, so a bad argument is
 * refused before anything is sent; constructors check what they keep (app id, credentials) and
 * throw an `InvalidArgumentException`. Together with percent-encoding every path segment (see
 * `transport/urls.ts`), this guarantees that no argument can change which resource a URL
 * addresses. The text rules are the local server's too (`text.ts`).
 *
 * @since 0.1.0
 */
import * as E from './either.js';
import {
  invalidArgumentError,
  invalidArgumentException,
  type InvalidArgumentError,
} from './errors.js';
import { hasControlCharacter, hasLoneSurrogate } from './text.js';

export type Validation<A> = E.Either<InvalidArgumentError, A>;

const BUCKET_NAME = /^[A-Za-z0-9._%-]{1,64}$/;
const APP_ID = /^[A-Za-z0-9._-]+$/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const MAX_ID_LENGTH = 256;

const refuse = (argument: string, message: string): Validation<never> =>
  E.left(invalidArgumentError(argument, message));

/** `.` and `..` are dot-segments: URL parsers resolve them even when percent-encoded. */
const isDotSegment = (s: string): boolean => s === '.' || s === '..';

/**
 * A text that travels as one path segment or in a JSON body: a non-empty string of at most 256
 * code points, without control characters or lone surrogates, and not `.` or `..`.
 */
const text = (argument: string, value: unknown): Validation<string> => {
  if (typeof value !== 'string' || value.length === 0) {
    return refuse(argument, `${argument} must be a non-empty string`);
  }
  if (Array.from(value).length > MAX_ID_LENGTH) {
    return refuse(argument, `${argument} is longer than ${MAX_ID_LENGTH} characters`);
  }
  if (hasControlCharacter(value))
    return refuse(argument, `${argument} contains a control character`);
  if (hasLoneSurrogate(value)) return refuse(argument, `${argument} is not well-formed Unicode`);
  if (isDotSegment(value)) return refuse(argument, `${argument} cannot be "." or ".."`);
  return E.right(value);
};

/* Path, query and body arguments: Left(InvalidArgumentError) */

/** A bucket name: 1–64 characters from `A-Z a-z 0-9 . _ % -`, and not `.` or `..`. */
export const bucketName = (name: unknown): Validation<string> =>
  typeof name === 'string' && BUCKET_NAME.test(name) && !isDotSegment(name)
    ? E.right(name)
    : refuse('bucket', 'bucket names are 1-64 characters from A-Z a-z 0-9 . _ % -');

/**
 * An object id: non-empty, at most 256 characters, no control characters. Any Unicode is allowed.
 * A `/` is allowed once, for a shared object's `{userid}/{id}`, with both sides non-empty.
 */
export const objectId = (id: unknown): Validation<string> =>
  E.chain((valid: string) => {
    const parts = valid.split('/');
    return parts.length === 1 || (parts.length === 2 && parts.every((p) => p.length > 0))
      ? E.right(valid)
      : refuse('id', 'id may contain "/" only as {userid}/{id}');
  })(text('id', id));

/** A username (an email address on the hosted service): non-empty, no control characters. */
export const username = (value: unknown, argument = 'username'): Validation<string> =>
  text(argument, value);

/** An object version: a positive integer. */
export const version = (value: unknown): Validation<number> =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
    ? E.right(value)
    : refuse('version', 'version must be a positive integer');

/** A change id, client id or cursor: 1–256 visible ASCII characters. */
export const asciiId = (argument: string, value: unknown): Validation<string> =>
  typeof value === 'string' && VISIBLE_ASCII.test(value) && value.length <= MAX_ID_LENGTH
    ? E.right(value)
    : refuse(argument, `${argument} must be 1-256 visible ASCII characters`);

/**
 * `JSON.stringify` writes a lone surrogate (half of a UTF-16 pair, which is not Unicode text) as
 * an escape `\udXXX` after an odd run of backslashes; a well-formed pair it writes as is.
 */
const LONE_SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * A request body as `JSON.stringify` wrote it: refused when a string in it, value or key, holds a
 * lone surrogate, which the server refuses too.
 */
export const jsonText = (argument: string, text: string): Validation<string> =>
  LONE_SURROGATE_ESCAPE.test(text)
    ? refuse(argument, `${argument} holds a lone surrogate, not Unicode text`)
    : E.right(text);

/** A string the caller must pass (a password): any string, possibly empty. */
export const string = (argument: string, value: unknown): Validation<string> =>
  typeof value === 'string' ? E.right(value) : refuse(argument, `${argument} must be a string`);

/** `undefined`, or `check(value)`. */
export const optional = <V>(
  value: V | undefined,
  check: (u: V) => Validation<V>,
): Validation<V | undefined> => (value === undefined ? E.right(undefined) : check(value));

/** `undefined`, or a whole number from 1 to `max`. */
export const count = (
  argument: string,
  value: number | undefined,
  max = Number.MAX_SAFE_INTEGER,
): Validation<number | undefined> =>
  value === undefined || (Number.isSafeInteger(value) && value >= 1 && value <= max)
    ? E.right(value)
    : refuse(argument, `${argument} must be a whole number from 1 to ${max}`);

/**
 * `undefined`, or a number of milliseconds (fractions allowed): positive, or from 0 with
 * `zero` (where `0` means no wait).
 */
export const duration = (
  argument: string,
  value: number | undefined,
  zero = false,
): Validation<number | undefined> =>
  value === undefined || (Number.isFinite(value) && (zero ? value >= 0 : value > 0))
    ? E.right(value)
    : refuse(
        argument,
        `${argument} must be ${zero ? 'a number of milliseconds from 0' : 'a positive number of milliseconds'}`,
      );

/** `undefined`, or a cursor (`cv`, `mark`, `since`): 1–256 visible ASCII characters. */
export const cursor = (
  argument: string,
  value: string | undefined,
): Validation<string | undefined> =>
  value === undefined ? E.right(undefined) : asciiId(argument, value);

/** A list of client ids, each 1–256 visible ASCII characters. */
export const clientIds = (
  argument: string,
  values: ReadonlyArray<string>,
): Validation<ReadonlyArray<string>> => E.traverse((id: string) => asciiId(argument, id))(values);

/* Constructor arguments: thrown InvalidArgumentException */

/**
 * A credential or identity that travels in a header: visible ASCII only. Throws an
 * `InvalidArgumentException` that names the argument but never repeats its value.
 */
export const requireHeaderValue = (argument: string, value: unknown): string =>
  required(
    typeof value === 'string' && VISIBLE_ASCII.test(value)
      ? E.right(value)
      : refuse(argument, `${argument} must be a non-empty string of visible ASCII characters`),
  );

/** An application id: `A-Z a-z 0-9 . _ -`, not `.` or `..`. Throws an `InvalidArgumentException`. */
export const requireAppId = (appId: unknown): string => {
  if (typeof appId !== 'string' || !APP_ID.test(appId) || isDotSegment(appId)) {
    throw invalidArgumentException(
      'appId',
      'appId must be a non-empty string of A-Z a-z 0-9 . _ -',
    );
  }
  return appId;
};

/** Throws the `InvalidArgumentException` of a `Left`; returns a `Right`'s value. */
export const required = <A>(validation: Validation<A>): A => {
  if (E.isLeft(validation)) {
    throw invalidArgumentException(validation.left.argument, validation.left.message);
  }
  return validation.right;
};
