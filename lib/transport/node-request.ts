/**
 * The transport on Node: one exchange over `node:http`/`node:https` with keep-alive agents, which
 * costs a fraction of the CPU of Node's global `fetch` per exchange. Loaded only on Node (see
 * `default-transport.ts`); never part of a browser bundle.
 *
 * @since 0.1.0
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Observable } from 'rxjs';
import * as E from '../either.js';
import { networkError, timeoutError, type NetworkError, type TimeoutError } from '../errors.js';
import { readCause } from './network-cause.js';
import type { HttpRequest, HttpResponse, Transport } from './types.js';

/** `setTimeout` cannot wait longer than this; a longer timeout means "no timeout". */
const MAX_TIMER = 2_147_483_647;

/**
 * Idle connections are closed after this long: shorter than the keep-alive timeouts servers
 * commonly use (5 s for Node's), so the client rarely reuses a connection the server is closing.
 */
const IDLE_TIMEOUT = 4_000;

const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_TIMEOUT }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_TIMEOUT }),
};

/** Response headers with lower-case names, repeated ones joined as fetch joins them. */
const readHeaders = (response: http.IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
};

/** A failure of a request that went out on a kept-alive connection the server had closed. */
const isStaleConnection = (request: http.ClientRequest, error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
};

/**
 * The Node transport: same contract as the fetch transport (`request.ts`). Each subscription sends
 * the request once (again once, on a fresh connection, when a kept-alive connection turns out to
 * be closed before any answer), reads the whole body, and emits one value: `Right(response)` for
 * any status, `Left(NetworkError)` when no complete answer arrives (its message says why, e.g.
 * `connect ECONNREFUSED 127.0.0.1:8080`), `Left(TimeoutError)` when the status and body have not
 * both arrived within `req.timeout` ms. Never errors. Unsubscribing before the answer destroys
 * the request and its connection; teardown after completion does nothing.
 */
export const nodeRequest: Transport = (req: HttpRequest) =>
  new Observable<E.Either<NetworkError | TimeoutError, HttpResponse>>((subscriber) => {
    let current: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: E.Either<NetworkError | TimeoutError, HttpResponse>): void => {
      clearTimeout(timer);
      current = undefined;
      subscriber.next(result);
      subscriber.complete();
    };
    const fail = (cause: unknown): void => {
      if (!subscriber.closed) {
        settle(
          E.left(networkError({ method: req.method, url: req.url, ...readCause(cause), cause })),
        );
      }
    };
    const url = new URL(req.url);
    const send = (again: boolean): http.ClientRequest => {
      const client = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      let answered = false;
      const request = client.request(
        url,
        { method: req.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] },
        (response) => {
          answered = true;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (subscriber.closed) return;
            settle(
              E.right({
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? '',
                headers: readHeaders(response),
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          });
          response.on('close', () => {
            if (!response.complete)
              fail(new Error('the connection closed before the whole answer arrived'));
          });
        },
      );
      request.on('error', (error) => {
        if (subscriber.closed) return;
        if (!again && !answered && isStaleConnection(request, error)) current = send(true);
        else fail(error);
      });
      request.end(req.body);
      return request;
    };
    current = send(false);
    if (req.timeout > 0 && req.timeout <= MAX_TIMER) {
      timer = setTimeout(() => {
        current?.destroy();
        settle(E.left(timeoutError({ method: req.method, url: req.url, timeout: req.timeout })));
      }, req.timeout);
    }
    return () => {
      clearTimeout(timer);
      current?.destroy();
    };
  });
