/**
 * The transport: one HTTP exchange as a cold Observable, after rxjs's `fromFetch` recipe but with
 * an injected `fetch` (the platform's, cross-fetch, or a test double).
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import { Observable } from 'rxjs';
import { networkError, timeoutError, type NetworkError, type TimeoutError } from '../errors.js';
import { readCause } from './network-cause.js';
import type { HttpRequest, HttpResponse, Transport } from './types.js';

/** The part of a fetch `Response` the transport reads. */
export interface FetchResponseLike {
  /** The HTTP status. */
  readonly status: number;
  /** The status line's text. */
  readonly statusText: string;
  /** The answer's headers; only `forEach` is called. */
  readonly headers: {
    /**
     * Calls `callback` once per header.
     *
     * @param callback receives each header's value and name
     */
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** Reads the whole body as text; a rejection is a `NetworkError`. */
  text(): Promise<string>;
}

/** The options the transport passes to `fetch`: always a fresh object per subscription. */
export interface FetchInit {
  /** `GET`, `POST` or `DELETE`. */
  method: string;
  /** The request headers, credentials included: never log them. */
  headers: Record<string, string>;
  /** The JSON body, when the request has one. */
  body?: string;
  /** Aborted on unsubscribe and on timeout. */
  signal: AbortSignal;
}

/** Any WHATWG-style `fetch`: `globalThis.fetch`, cross-fetch, fetch-mock's `fetchHandler`. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** `setTimeout` cannot wait longer than this; a longer timeout means "no timeout". */
const MAX_TIMER = 2_147_483_647;

const readHeaders = (response: FetchResponseLike): Record<string, string> => {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
};

/**
 * Makes a {@link Transport} over `fetch`.
 *
 * Each subscription to `transport(req)` calls `fetch` once, with a fresh `AbortController`, and
 * reads the whole body inside the same subscription. It emits exactly one value and completes:
 * `Right(response)` for any HTTP status (status handling belongs to the caller), `Left
 * (NetworkError)` when `fetch` rejects or the body read fails, `Left(TimeoutError)` when the
 * status and the body have not both arrived within `req.timeout` ms (the request is then
 * aborted). It never errors. Nothing happens before subscribe; unsubscribing before the answer
 * aborts the request and the body read, while teardown after completion aborts nothing.
 *
 * @param fetch the fetch implementation to call
 * @returns a function from a request to its one-value Observable
 */
export const request =
  (fetch: FetchLike): Transport =>
  (req: HttpRequest) =>
    new Observable<E.Either<NetworkError | TimeoutError, HttpResponse>>((subscriber) => {
      const controller = new AbortController();
      let abortable = true;
      const settle = (result: E.Either<NetworkError | TimeoutError, HttpResponse>): void => {
        abortable = false;
        clearTimeout(timer);
        subscriber.next(result);
        subscriber.complete();
      };
      const timer =
        req.timeout > 0 && req.timeout <= MAX_TIMER
          ? setTimeout(() => {
              controller.abort();
              settle(
                E.left(timeoutError({ method: req.method, url: req.url, timeout: req.timeout })),
              );
            }, req.timeout)
          : undefined;

      const init: FetchInit = {
        method: req.method,
        headers: { ...req.headers },
        signal: controller.signal,
      };
      if (req.body !== undefined) init.body = req.body;

      const fail = (cause: unknown): void => {
        if (!subscriber.closed) {
          settle(
            E.left(networkError({ method: req.method, url: req.url, ...readCause(cause), cause })),
          );
        }
      };
      // `fetch` may throw synchronously (a defective double): that is a network failure too.
      new Promise<FetchResponseLike>((resolve) => resolve(fetch(req.url, init)))
        .then((response) =>
          response.text().then((text) => {
            if (!subscriber.closed) {
              const { status, statusText } = response;
              settle(E.right({ status, statusText, headers: readHeaders(response), text }));
            }
          }),
        )
        .catch(fail);

      return () => {
        clearTimeout(timer);
        if (abortable) {
          abortable = false;
          controller.abort();
        }
      };
    });
