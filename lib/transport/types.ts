/**
 * The wire-level request and response shapes shared by the transport, the codecs and the
 * endpoints. Requests are plain data, built by pure functions and executed in one place
 * (`execute`, over the `request` transport), so retries and logging live in one spot.
 */
import type { ObservableEither } from '../observable-either.js';
import type { NetworkError, TimeoutError } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** One HTTP request, fully resolved. Its `url` never carries a secret. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Absolute URL, query included. */
  readonly url: string;
  /** Request headers; credential headers here are never copied into errors or logs. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Milliseconds for the whole exchange, body read included. */
  readonly timeout: number;
}

/** A complete HTTP answer: the body has been read in full. */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  /** Response headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/**
 * Executes one request. Emits exactly one value and completes: `Right(response)` for any HTTP
 * status, `Left(NetworkError | TimeoutError)` when no complete answer arrived. Unsubscribing
 * aborts the request. Endpoints take a `Transport` so marble tests can substitute a cold
 * Observable for `fetch`.
 */
export type Transport = (
  req: HttpRequest,
) => ObservableEither<NetworkError | TimeoutError, HttpResponse>;
