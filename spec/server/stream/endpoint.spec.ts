/**
 * The streaming endpoint as a socket: its URL, the handshake, heartbeats, bad input and the
 * closing of sockets (silent, unauthenticated, at server close).
 */
import WebSocket from 'ws';
import { connect } from 'node:net';
import { openStream, streamUrl } from '../../support/stream-socket';
import { call, startTestServer, until, type TestServer } from '../../support/server-http';

describe('the streaming endpoint', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ maxSocketMessageBytes: 4096 });
  });
  afterEach(() => t.close());

  /** The status line of an upgrade request that is refused. */
  const refused = (path: string, headers: Record<string, string> = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect(t.server.port, '127.0.0.1', () => {
        const lines = Object.entries({
          Host: 'x',
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          ...headers,
        }).map(([k, v]) => `${k}: ${v}`);
        socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += String(chunk);
        // A socket that is switched keeps its connection: its answer's head is enough.
        if (text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });

  it('should open a socket for a known app, its id in any case, with no subprotocol', async () => {
    const ws = new WebSocket(streamUrl(t.server, 'TEST-App'));
    let protocol: unknown;
    ws.once('upgrade', (res) => (protocol = res.headers['sec-websocket-protocol']));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(protocol).toBeUndefined();
    await until(() => t.server.stats().streamingSockets === 1);
    ws.close();
    await until(() => t.server.stats().streamingSockets === 0);
  });

  it('should choose no subprotocol even when a client asks for one', async () => {
    const head = await refused('/sock/1/test-app/websocket', { 'Sec-WebSocket-Protocol': 'chat' });
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head.toLowerCase()).not.toContain('sec-websocket-protocol');
  });

  it('should refuse an unknown app with a 404, and serve other paths as ordinary requests', async () => {
    expect(await refused('/sock/1/nope/websocket')).toMatch(
      /^HTTP\/1\.1 404 Not Found\r\n[^]*unknown app$/,
    );
    expect(await refused('/1/test-app/note/index')).toMatch(/^HTTP\/1\.1 401 /);
    expect(await refused('/1/test-app/note/index', { 'Content-Length': '2' })).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    expect((await call(t.server, 'GET', '/sock/1/test-app/websocket')).status).toBe(404);
  });

  it('should answer heartbeats with the next count, and ignore log lines', async () => {
    const s = await openStream(t.server, t.app.id);
    s.send('log:{"log":"hello"}');
    s.send('h:1');
    s.send('h:41');
    s.send('h:?');
    expect(await s.take(3)).toEqual(['h:2', 'h:42', 'h:1']);
    await s.close();
  });

  it('should answer a command on a channel that was never opened with <ch>:?', async () => {
    const s = await openStream(t.server, t.app.id);
    s.send('5:i:1:::10');
    s.send('5:cv:abc');
    expect(await s.take(2)).toEqual(['5:?', '5:?']);
    await s.close();
  });

  it.each([
    ['a message with no colon', 'hello', 1002, 'malformed message: no ":"'],
    ['an unknown connection command', 'ping:1', 1002, 'malformed message: unknown command "ping"'],
  ])('should close the socket on %s', async (_what, text, code, reason) => {
    const s = await openStream(t.server, t.app.id);
    s.send(text);
    expect(await s.closed).toEqual({ code, reason });
  });

  it('should close the socket on a binary message (1003) and on one over the size limit (1009)', async () => {
    const binary = await openStream(t.server, t.app.id);
    binary.ws.send(Buffer.from('0:init:{}'), { binary: true });
    expect(await binary.closed).toEqual({ code: 1003, reason: 'text frames only' });
    const large = await openStream(t.server, t.app.id);
    large.send(`0:c:${'x'.repeat(5000)}`);
    expect((await large.closed).code).toBe(1009);
  });

  it('should close the socket on a text message that is not UTF-8 (1007)', async () => {
    const s = await openStream(t.server, t.app.id);
    s.ws.send(Buffer.from([0x68, 0x3a, 0xff]), { binary: false });
    expect((await s.closed).code).toBe(1007);
  });

  it('should close every socket with 1001 when the server closes', async () => {
    const s = await openStream(t.server, t.app.id);
    await t.close();
    expect(await s.closed).toEqual({ code: 1001, reason: 'server closing' });
  });
});

describe('the streaming endpoint over time', () => {
  it('should close a socket that authenticates no channel in time with 1008', async () => {
    const t = await startTestServer({ socketAuthTimeoutMs: 300 });
    try {
      const s = await openStream(t.server, t.app.id);
      s.send('h:1');
      expect(await s.next()).toBe('h:2');
      expect(await s.closed).toEqual({ code: 1008, reason: 'no channel authenticated in time' });
    } finally {
      await t.close();
    }
  });

  it('should keep a socket that answers pings, and drop one that does not', async () => {
    const t = await startTestServer({ socketPingIntervalMs: 300 });
    try {
      const user = await t.createUser('a@b.com');
      const live = await openStream(t.server, t.app.id);
      const silent = await openStream(t.server, t.app.id, { autoPong: false });
      for (const s of [live, silent]) s.init(0, user.access_token);
      expect([await live.next(), await silent.next()]).toEqual([
        '0:auth:a@b.com',
        '0:auth:a@b.com',
      ]);
      const pinged = new Promise((resolve) => live.ws.on('ping', resolve));
      expect((await silent.closed).code).toBe(1006);
      await pinged;
      expect(live.ws.readyState).toBe(WebSocket.OPEN);
      await until(() => t.server.stats().streamingSockets === 1);
      expect(t.server.stats()).toMatchObject({ streamingSockets: 1, streamingChannels: 1 });
      await live.close();
    } finally {
      await t.close();
    }
  });
});
