/**
 * Raw HTTP against the local server, for the server's own specs: every request goes over the
 * network with the global `fetch`, exactly as a client would send it.
 */
import { startServer } from '../../lib/server';
import type { AppCredentials, RunningServer, ServerOptions } from '../../lib/server';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The `X-Simperium-Version` header, when present. */
  readonly version: string | null;
}

export interface RawRequest {
  readonly headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** Sends one request to `server.url + path` and reads the whole answer. */
export const call = async (
  server: RunningServer,
  method: string,
  path: string,
  request: RawRequest = {},
): Promise<RawResponse> => {
  const body =
    request.body === undefined || typeof request.body === 'string'
      ? request.body
      : JSON.stringify(request.body);
  const res = await fetch(server.url + path, {
    method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    version: res.headers.get('x-simperium-version'),
  };
};

/** Parses a response body as JSON. */
export const json = (res: RawResponse): unknown => JSON.parse(res.text);

export interface TestUser {
  readonly username: string;
  readonly userid: string;
  readonly access_token: string;
}

/** A started server with its first app, and shortcuts for the common calls. */
export interface TestServer {
  readonly server: RunningServer;
  readonly app: AppCredentials;
  /** `/1/{appId}` */
  readonly base: string;
  createUser(username: string, password?: string): Promise<TestUser>;
  /** A request to `{base}{path}` carrying `token` in `X-Simperium-Token`. */
  as(token: string, method: string, path: string, request?: RawRequest): Promise<RawResponse>;
  close(): Promise<void>;
}

export const APP: AppCredentials = {
  id: 'test-app',
  apiKey: 'test-api-key',
  adminKey: 'test-admin-key',
};

/** Starts a server on 127.0.0.1, port 0, with one app (`APP` unless options say otherwise). */
export const startTestServer = async (options: ServerOptions = {}): Promise<TestServer> => {
  const server = await startServer({ apps: [APP], ...options });
  const app = server.apps[0] ?? APP;
  const base = `/1/${app.id}`;
  return {
    server,
    app,
    base,
    createUser: async (username, password = 'secret') => {
      const res = await call(server, 'POST', `${base}/create/`, {
        headers: { 'X-Simperium-API-Key': app.apiKey },
        body: { username, password },
      });
      if (res.status !== 200) throw new Error(`create ${username}: ${res.status} ${res.text}`);
      return json(res) as TestUser;
    },
    as: (token, method, path, request = {}) =>
      call(server, method, base + path, {
        ...request,
        headers: { 'X-Simperium-Token': token, ...request.headers },
      }),
    close: () => server.close(),
  };
};

/**
 * Resolves once `condition()` holds, letting the event loop turn between checks (never a
 * timer); rejects after `maxTurns` turns.
 */
export const until = async (condition: () => boolean, maxTurns = 100_000): Promise<void> => {
  for (let turn = 0; turn < maxTurns; turn += 1) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
};

/**
 * Resolves once `condition()` holds, checking every `everyMs` (for conditions that come true only
 * after the server's own timers run, such as a connection closed for a time limit); rejects after
 * `giveUpMs` (a guard, not a timing assertion).
 */
export const eventually = async (
  condition: () => boolean,
  everyMs = 5,
  giveUpMs = 15_000,
): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > giveUpMs) throw new Error('condition never held');
    await new Promise<void>((resolve) => setTimeout(resolve, everyMs));
  }
};
