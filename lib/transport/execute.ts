/**
 * The one place where requests run: a request described as data, plus a client context, becomes
 * a cold Observable of the exchange. Retries, logging and any later batching hook in here.
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import { defer, map, of, tap } from 'rxjs';
import { httpError, invalidArgumentError, type HttpError, type SimperiumError } from '../errors.js';
import type { ObservableEither } from '../observable-either.js';
import type { ClientContext } from './context.js';
import { parseRetryAfter } from './retry-after.js';
import type { HttpMethod, HttpRequest, HttpResponse } from './types.js';
import { buildUrl, type Query } from './urls.js';
import { jsonText } from '../arguments.js';

/** A request as plain data, relative to the context's `/1/{appId}/`. */
export interface RequestSpec {
  readonly method: HttpMethod;
  /** Raw path segments after `/1/{appId}/`; each is percent-encoded. */
  readonly path: ReadonlyArray<string>;
  readonly query?: Query;
  /** Sent as JSON (`Content-Type: application/json`) when present. */
  readonly body?: unknown;
  /** A body already written as JSON, sent as it is (instead of `body`). */
  readonly json?: string;
  /** Extra headers; credential headers from the context always win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** End the path with `/` (the auth host's style). */
  readonly trailingSlash?: boolean;
  /** Statuses treated as success (default `[200]`); any other becomes an `HttpError`. */
  readonly accept?: ReadonlyArray<number>;
  /** Overrides the context's timeout for this request (a long poll needs more). */
  readonly timeout?: number;
}

/** Which request an answer belongs to: enough to report it, never a secret. */
export interface RequestRef {
  readonly method: HttpMethod;
  readonly url: string;
}

/** A request and its accepted answer. */
export interface Exchange {
  readonly request: RequestRef;
  readonly response: HttpResponse;
}

/** The server's error body: JSON when it parses, else the text, `undefined` when empty. */
const errorBody = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** Turns a response with an unaccepted status into an `HttpError` (no request header kept). */
export const toHttpError = (ref: RequestRef, response: HttpResponse, now: number): HttpError => {
  const retryAfter = parseRetryAfter(response.headers['retry-after'], now);
  return httpError({
    status: response.status,
    statusText: response.statusText,
    method: ref.method,
    url: ref.url,
    body: errorBody(response.text),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
};

/** A failure in a few words, for the log: `HttpError 404 Not Found`, `NetworkError: …` … */
const describe = (e: SimperiumError): string =>
  `${e._tag}${
    e._tag === 'HttpError'
      ? ` ${e.status} ${e.statusText}`.trimEnd()
      : e._tag === 'TimeoutError'
        ? ` after ${e.timeout} ms`
        : e._tag === 'NetworkError'
          ? `: ${e.message}`
          : ''
  }`;

/**
 * Runs `spec` against `ctx`. Emits one value and completes: `Right({ request, response })` when
 * the status is in `spec.accept` (default `[200]`), otherwise `Left(HttpError)` carrying the
 * status, method, URL, parsed body and `Retry-After`; `Left(NetworkError | TimeoutError)` from the
 * transport; `Left(InvalidArgumentError)`, with no request sent, when the body is not
 * JSON-serialisable. Nothing happens before subscribe (the URL, body and clock are read then), so
 * re-subscribing sends the request again. Unsubscribing aborts the request in flight.
 *
 * When the context has a `log`, it receives one event per request sent: method, URL, status,
 * duration and a short error description (`cancelled` when unsubscribed first); never headers.
 */
export const execute = (
  ctx: ClientContext,
  spec: RequestSpec,
): ObservableEither<SimperiumError, Exchange> =>
  defer(() => {
    let body: string | undefined;
    try {
      body = spec.json ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return of(
        E.left(invalidArgumentError('data', `data is not serialisable as JSON: ${reason}`)),
      );
    }
    const text = body === undefined ? undefined : jsonText('data', body);
    if (text !== undefined && E.isLeft(text)) return of(text);
    const ref: RequestRef = {
      method: spec.method,
      url: buildUrl(ctx.baseUrl, ['1', ctx.appId, ...spec.path], spec.query, spec.trailingSlash),
    };
    const req: HttpRequest = {
      ...ref,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...spec.headers,
        ...ctx.credentialHeaders,
      },
      ...(body === undefined ? {} : { body }),
      timeout: spec.timeout ?? ctx.timeout,
    };
    const accept = spec.accept ?? [200];
    const started = performance.now();
    let finished = false;
    const report = (status: number | undefined, error: string | undefined): void => {
      finished = true;
      ctx.log?.({
        ...ref,
        ...(status === undefined ? {} : { status }),
        durationMs: performance.now() - started,
        ...(error === undefined ? {} : { error }),
      });
    };
    return ctx.transport(req).pipe(
      map(
        E.chain((response: HttpResponse): E.Either<HttpError, Exchange> =>
          accept.includes(response.status)
            ? E.right({ request: ref, response })
            : E.left(toHttpError(ref, response, Date.now())),
        ),
      ),
      tap({
        next: (result) => {
          const status = E.isRight(result)
            ? result.right.response.status
            : result.left._tag === 'HttpError'
              ? result.left.status
              : undefined;
          report(status, E.isLeft(result) ? describe(result.left) : undefined);
        },
        unsubscribe: () => {
          if (!finished) report(undefined, 'cancelled');
        },
      }),
    );
  });
