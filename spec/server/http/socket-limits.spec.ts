import { connect, type Socket } from 'node:net';
import { checkInterval } from '../../../lib/server/http/socket-limits';
import { sendRaw } from '../../support/raw-socket';
import {
  eventually,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

/** A raw connection to the server, recording what it receives, and its close. */
const open = (t: TestServer) => {
  const socket: Socket = connect({ port: t.server.port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected, received: () => received };
};

const request = (t: TestServer, token: string, path: string): string =>
  `GET ${t.base}${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Simperium-Token: ${token}\r\n\r\n`;

describe('#12 limitSockets', () => {
  let t: TestServer;
  let user: TestUser;
  beforeEach(async () => {
    t = await startTestServer({
      headersTimeoutMs: 200,
      requestTimeoutMs: 300,
      keepAliveTimeoutMs: 200,
      sendTimeoutMs: 300,
      pollWindowMs: 1_500,
      maxConnections: 8,
      maxBodyBytes: 16 * 1024 * 1024,
    });
    user = await t.createUser('a@b.com');
  });
  afterEach(() => t.close());

  it('should close a connection that sends nothing, or only part of its headers', async () => {
    const silent = open(t);
    const partial = open(t);
    await partial.connected;
    partial.socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    await Promise.all([silent.closed, partial.closed]);
    expect(partial.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('should close a kept-alive connection idle past keepAliveTimeoutMs, after answering it', async () => {
    const client = open(t);
    await client.connected;
    client.socket.write(request(t, user.access_token, '/b/index'));
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('should close a connection whose client does not read its answer, and serve others meanwhile', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(12 * 1024 * 1024) });
    expect((await t.as(user.access_token, 'POST', '/b/i/big', { body: big })).status).toBe(200);
    // Wait for the fetch connections to be closed by the keep-alive limit: only the reader's counts.
    await eventually(() => t.server.stats().openSockets === 0);
    const reader = open(t);
    await reader.connected;
    reader.socket.write(request(t, user.access_token, '/b/i/big'));
    reader.socket.pause();
    await eventually(() => t.server.stats().openSockets === 1);
    const other = await sendRaw(t.server.port, {
      method: 'GET',
      target: `${t.base}/b/index`,
      headers: [['X-Simperium-Token', user.access_token]],
    });
    expect(other.status).toBe(200);
    await eventually(() => t.server.stats().openSockets === 0);
    reader.socket.destroy();
  });

  it('should never cut a held long-poll inside its window', async () => {
    const started = Date.now();
    const res = await t.as(user.access_token, 'GET', '/b/changes');
    expect([res.status, res.text]).toEqual([200, '[]']);
    // The window is 1,500 ms, five times each of the limits above.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it('should close connections past maxConnections at once, and count the open ones', async () => {
    await eventually(() => t.server.stats().openSockets === 0);
    const held = Array.from({ length: 8 }, () => open(t));
    await Promise.all(held.map((c) => c.connected));
    for (const c of held) c.socket.write(request(t, user.access_token, '/b/changes'));
    await until(() => t.server.stats().heldPolls === 8);
    expect(t.server.stats().openSockets).toBe(8);
    const refused = open(t);
    await refused.closed;
    expect(refused.received()).toBe('');
    for (const c of held) c.socket.destroy();
    await until(() => t.server.stats().openSockets === 0);
  });
});

describe('checkInterval', () => {
  it('should check four times per shortest limit, between 10 ms and a second', () => {
    const limits = { maxConnections: 1, keepAliveTimeoutMs: 1 };
    expect(
      checkInterval({
        ...limits,
        headersTimeoutMs: 200,
        requestTimeoutMs: 300,
        sendTimeoutMs: 400,
      }),
    ).toBe(50);
    expect(
      checkInterval({ ...limits, headersTimeoutMs: 20, requestTimeoutMs: 20, sendTimeoutMs: 20 }),
    ).toBe(10);
    expect(
      checkInterval({
        ...limits,
        headersTimeoutMs: 20_000,
        requestTimeoutMs: 60_000,
        sendTimeoutMs: 30_000,
      }),
    ).toBe(1_000);
  });
});
