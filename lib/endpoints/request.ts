/**
 * The escape hatch: any request of the data API, for endpoints the client does not wrap, with the
 * same credentials, timeouts, retries and error model as every other call. Loaded on demand by
 * `Api.request$`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { map } from 'rxjs';
import * as check from '../arguments.js';
import { decodeJson } from '../codecs/decode.js';
import * as E from '../either.js';
import { invalidArgumentError, type SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { execute } from '../transport/execute.js';
import { retryEither, type RetryOptions } from '../transport/retry.js';
import type { HttpMethod } from '../transport/types.js';
import type { Query } from '../transport/urls.js';

/** A request of `request$`. */
export interface ApiRequest<A> {
  /** `GET`, `POST` or `DELETE`. */
  readonly method: HttpMethod;
  /**
   * The path after `/1/{appId}/`: an array of segments, each percent-encoded (so a segment may
   * hold `/`), or a string of segments already encoded, split at `/` (so `todo/i/abc` works as
   * written). `.` and `..` are refused either way.
   */
  readonly path: string | ReadonlyArray<string>;
  /** Query parameters: `true` is sent as `=1`, `false` and `undefined` left out, arrays repeated. */
  readonly query?: Query;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  /** Decodes the JSON answer (default: any JSON value; an empty answer is `undefined`). */
  readonly codec?: t.Decoder<unknown, A>;
  /** Statuses that count as success (default: every 2xx). */
  readonly accept?: ReadonlyArray<number>;
  /** Overrides of the retry policy (default: the `Api`'s `retry`, which retries nothing). */
  readonly retry?: Partial<RetryOptions>;
}

const SUCCESS: ReadonlyArray<number> = Array.from({ length: 100 }, (_, i) => 200 + i);

/** The raw segments of `path`, or why they are refused. */
const segments = (
  path: string | ReadonlyArray<string>,
): check.Validation<ReadonlyArray<string>> => {
  let parts: ReadonlyArray<string>;
  if (typeof path === 'string') {
    try {
      parts = path.split('/').map(decodeURIComponent);
    } catch {
      return E.left(invalidArgumentError('path', 'path holds a malformed percent-escape'));
    }
  } else {
    parts = path;
  }
  return parts.length > 0 &&
    parts.every((p) => typeof p === 'string' && p !== '' && p !== '.' && p !== '..')
    ? E.right(parts)
    : E.left(invalidArgumentError('path', 'path segments must be non-empty, and not "." or ".."'));
};

/**
 * Sends one request of the data API (see `Api.request$` for the contract): emits `Right` of the
 * decoded answer, or one `Left`, then completes.
 *
 * @param ctx the data API's context (`createApiContext`)
 * @param spec the request
 */
export const request$ = <A = unknown>(
  ctx: ApiContext,
  spec: ApiRequest<A>,
): ObservableEither<SimperiumError, A> => {
  const path = segments(spec.path);
  if (E.isLeft(path)) return left(path.left);
  const codec = (spec.codec ?? t.unknown) as t.Decoder<unknown, A>;
  return execute(ctx, {
    method: spec.method,
    path: path.right,
    ...(spec.query === undefined ? {} : { query: spec.query }),
    ...(spec.body === undefined ? {} : { body: spec.body }),
    accept: spec.accept ?? SUCCESS,
  }).pipe(
    map(
      E.chain(({ request, response }) =>
        spec.codec === undefined && response.text === ''
          ? E.right(undefined as A)
          : decodeJson(codec, response, request),
      ),
    ),
    retryEither({ ...ctx.retry, ...spec.retry }),
  );
};
