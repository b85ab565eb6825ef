/**
 * A WebSocket client (`ws`) speaking the streaming protocol to the local server by hand, for the
 * server's own specs: every message received is queued, `next` takes them in order, and `closed`
 * resolves with the close code and reason.
 */
import WebSocket from 'ws';
import type { RunningServer } from '../../lib/server';
import { startTestServer, type TestServer, type TestUser } from './server-http';

export interface StreamClient {
  readonly ws: WebSocket;
  /** Sends one text message. */
  send(text: string): void;
  /** Sends `<channel>:init:` with these fields (the bucket `name` by default `note`). */
  init(channel: number, token: string, fields?: Record<string, unknown>): void;
  /** The next message not taken yet (waits for it). */
  next(): Promise<string>;
  /** Takes `n` messages. */
  take(n: number): Promise<string[]>;
  /** The next message's JSON payload after its `<ch>:<command>:` prefix, checking the prefix. */
  json(prefix: string): Promise<unknown>;
  /** Messages received and not taken yet. */
  readonly pending: ReadonlyArray<string>;
  /** Resolves once the socket is closed, with its code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** The streaming URL of `server` for `appId` (`ws://127.0.0.1:port/sock/1/{appId}/websocket`). */
export const streamUrl = (server: RunningServer, appId: string): string =>
  `${server.url.replace(/^http/, 'ws')}/sock/1/${appId}/websocket`;

/** Opens a socket to `server`'s streaming endpoint for `appId`; resolves once it is open. */
export const openStream = async (
  server: RunningServer,
  appId: string,
  options: WebSocket.ClientOptions = {},
): Promise<StreamClient> => {
  const ws = new WebSocket(streamUrl(server, appId), options);
  const queue: string[] = [];
  const waiting: Array<(text: string) => void> = [];
  ws.on('message', (data) => {
    const text = String(data);
    const take = waiting.shift();
    if (take) take(text);
    else queue.push(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (): Promise<string> => {
    const queued = queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      waiting.push(resolve);
      void closed.then(({ code }) => reject(new Error(`socket closed (${code}) before a message`)));
    });
  };
  return {
    ws,
    send: (text) => ws.send(text),
    init: (channel, token, fields = {}) =>
      ws.send(
        `${channel}:init:${JSON.stringify({ name: 'note', clientid: `c${channel}`, api: '1.1', token, ...fields })}`,
      ),
    next,
    take: async (n) => {
      const out: string[] = [];
      for (let i = 0; i < n; i += 1) out.push(await next());
      return out;
    },
    json: async (prefix) => {
      const text = await next();
      if (!text.startsWith(prefix))
        throw new Error(`expected ${prefix}…, got ${text.slice(0, 200)}`);
      return JSON.parse(text.slice(prefix.length)) as unknown;
    },
    get pending() {
      return queue;
    },
    closed,
    close: async () => {
      ws.close();
      await closed;
    },
  };
};

/** A test server, its user alice@example.com, and a socket whose channel 0 is authorised as her. */
export interface StreamAsAlice {
  readonly t: TestServer;
  readonly alice: TestUser;
  readonly s: StreamClient;
}

/** Starts a {@link StreamAsAlice}: channel 0 sent `init` with her token and was answered `auth`. */
export const streamAsAlice = async (): Promise<StreamAsAlice> => {
  const t = await startTestServer();
  const alice = await t.createUser('alice@example.com');
  const s = await openStream(t.server, t.app.id);
  s.init(0, alice.access_token);
  expect(await s.next()).toBe('0:auth:alice@example.com');
  return { t, alice, s };
};
