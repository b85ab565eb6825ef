/**
 * Decoding a response body with an io-ts codec, as a value: never a throw.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import * as E from '../either.js';
import { decodeError, type DecodeError } from '../errors.js';
import { isRecord } from '../jsondiff/guards.js';

/** Which request a body answered (kept in the `DecodeError` as evidence). */
export interface DecodeContext {
  readonly method: string;
  readonly url: string;
}

export interface DecodeOptions {
  /**
   * The body holds a secret (an access token): report where the body is wrong but never its
   * content, and keep no io-ts `errors` (their context holds the whole input).
   */
  readonly redact?: boolean;
}

const contextPath = (context: t.Context): string =>
  context.map(({ key, type }) => `${key}: ${type.name}`).join('/');

/** Longest message kept: one wrong answer can hold a whole page of data. */
export const MAX_MESSAGE_LENGTH = 1000;

const truncate = (message: string): string =>
  message.length <= MAX_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.length - MAX_MESSAGE_LENGTH} more characters)`;

/**
 * One line per error (at most `MAX_MESSAGE_LENGTH` characters each), in io-ts's `PathReporter`
 * format — the error's own message, or `Invalid value <json> supplied to <path>` (the values are
 * parsed JSON, so `JSON.stringify` prints them as PathReporter does) — unless
 * `redact` is set or a value cannot be printed (`JSON.stringify` overflows the stack on deeply
 * nested input); then only where each error is.
 */
export const report = (errors: t.Errors, redact = false): string[] => {
  if (!redact) {
    try {
      return errors.map((e) =>
        truncate(
          e.message ??
            `Invalid value ${JSON.stringify(e.value)} supplied to ${contextPath(e.context)}`,
        ),
      );
    } catch {
      // fall through: decoding never throws
    }
  }
  return errors.map((e) => `Invalid value supplied to ${contextPath(e.context)}`);
};

/**
 * `error` naming the object `value` stands for — a change, an index entry — when `value` has a
 * non-empty string `id`: the rest of the answer was fine, and a reader can tell which one failed.
 */
export const withIdOf = (error: DecodeError, value: unknown): DecodeError => {
  const id = isRecord(value) ? value.id : undefined;
  return typeof id === 'string' && id !== '' ? { ...error, id } : error;
};

/**
 * Decodes an already-parsed value: `Right(a)`, or `Left(DecodeError)` whose `messages` come from
 * io-ts's `PathReporter` (one line per problem).
 */
export const decodeValue = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  req?: DecodeContext,
  options: DecodeOptions = {},
): E.Either<DecodeError, A> => {
  const result = codec.decode(value);
  if (E.isRight(result)) return result;
  const redact = options.redact === true;
  return E.left(
    decodeError({
      messages: report(result.left, redact),
      ...(redact ? {} : { errors: result.left }),
      ...(req ? { method: req.method, url: req.url } : {}),
    }),
  );
};

/**
 * Parses a response body as JSON: `Right(value)`, or `Left(DecodeError)` saying that the body
 * meant for `name` is not JSON (with the parser's reason, unless `redact`).
 */
export const parseJson = (
  response: { readonly text: string },
  name: string,
  req?: DecodeContext,
  options: DecodeOptions = {},
): E.Either<DecodeError, unknown> => {
  try {
    return E.right(JSON.parse(response.text));
  } catch (cause) {
    const detail = options.redact || !(cause instanceof Error) ? '' : `: ${cause.message}`;
    return E.left(
      decodeError({
        messages: [`Invalid JSON supplied to ${name}${detail}`],
        ...(req ? { method: req.method, url: req.url } : {}),
      }),
    );
  }
};

/**
 * Parses a response body as JSON and decodes it with `codec`. Returns `Right(a)`, or
 * `Left(DecodeError)` when the body is not JSON (empty included) or does not match the codec.
 *
 * @param codec what the body must be
 * @param response the answer whose `text` is decoded
 * @param req the request it answered, recorded in the error
 * @param options `redact: true` for bodies that carry secrets
 */
export const decodeJson = <A>(
  codec: t.Decoder<unknown, A>,
  response: { readonly text: string },
  req?: DecodeContext,
  options: DecodeOptions = {},
): E.Either<DecodeError, A> =>
  E.chain((json: unknown) => decodeValue(codec, json, req, options))(
    parseJson(response, codec.name, req, options),
  );
