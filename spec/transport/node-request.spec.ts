/**
 * The Node transport against small TCP servers that answer byte for byte as each case needs:
 * whole answers, answers cut short, answers that never finish, kept-alive connections that the
 * server drops, and refused connections.
 */
import { createServer, type Socket } from 'node:net';
import { firstValueFrom } from 'rxjs';
import type { HttpRequest } from '../../lib/transport/types';
import { nodeRequest } from '../../lib/transport/node-request';
import { defaultTransport, isNode } from '../../lib/transport/default-transport';
import { expectLeft, expectRight } from '../support/either';

/** A TCP server calling `onRequest` with each request's head, on a socket it may answer. */
const tcpServer = async (
  onRequest: (socket: Socket, head: string, connection: number) => void,
): Promise<{ url: string; close: () => Promise<void>; connections: () => number }> => {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const connection = (connections += 1);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end = buffered.indexOf('\r\n\r\n');
      while (end >= 0) {
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) break;
        buffered = buffered.slice(end + 4 + length);
        onRequest(socket, head, connection);
        end = buffered.indexOf('\r\n\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/x`,
    connections: () => connections,
    // closing also drops the connections the client keeps alive
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        for (const socket of sockets) socket.destroy();
      }),
  };
};

const req = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url,
  headers: { 'x-simperium-token': 'secret' },
  timeout: 5_000,
  ...extra,
});

const answer = (body: string, status = '200 OK', extra = ''): string =>
  `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Simperium-Version: 3\r\n${extra}\r\n${body}`;

describe('nodeRequest', () => {
  let closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.map((close) => close()));
    closers = [];
  });
  const serve = async (onRequest: Parameters<typeof tcpServer>[0]) => {
    const s = await tcpServer(onRequest);
    closers.push(s.close);
    return s;
  };

  it('should send the method, headers and body, and read status, headers and body', async () => {
    let seen = '';
    const { url } = await serve((socket, head) => {
      seen = head;
      socket.write(answer('{"ok":true}', '201 Created', 'Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n'));
    });
    const result = expectRight(
      await firstValueFrom(nodeRequest(req(url, { method: 'POST', body: '{"a":"é"}' }))),
    );
    expect(result).toMatchObject({ status: 201, statusText: 'Created', text: '{"ok":true}' });
    expect(result.headers['x-simperium-version']).toBe('3');
    expect(result.headers['set-cookie']).toBe('a=1, b=2');
    expect(seen).toMatch(/^POST \/x HTTP\/1.1/);
    expect(seen).toContain('x-simperium-token: secret');
    expect(seen).toContain(`content-length: ${Buffer.byteLength('{"a":"é"}')}`);
  });

  it('should keep the connection alive for the next request', async () => {
    const { url, connections } = await serve((socket) => socket.write(answer('{}')));
    expectRight(await firstValueFrom(nodeRequest(req(url))));
    expectRight(await firstValueFrom(nodeRequest(req(url))));
    expect(connections()).toBe(1);
  });

  it('should send again, once, on a fresh connection when a kept-alive one turns out closed', async () => {
    let requests = 0;
    const { url, connections } = await serve((socket, _head, connection) => {
      requests += 1;
      // the first connection answers once, then is dropped when the next request arrives on it
      if (connection === 1 && requests === 2) socket.destroy();
      else socket.write(answer(`{"n":${requests}}`));
    });
    expectRight(await firstValueFrom(nodeRequest(req(url))));
    const second = expectRight(await firstValueFrom(nodeRequest(req(url))));
    expect(second.text).toBe('{"n":3}');
    expect(connections()).toBe(2);
  });

  it('should say why when the connection is refused', async () => {
    const { url, close } = await serve(() => undefined);
    await close();
    const error = expectLeft(await firstValueFrom(nodeRequest(req(url))), 'NetworkError');
    expect(error.message).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('should fail an answer cut short', async () => {
    const { url } = await serve((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"');
      socket.destroy();
    });
    expectLeft(await firstValueFrom(nodeRequest(req(url))), 'NetworkError');
  });

  it('should time out when the body does not arrive in time, and close the connection', async () => {
    let closed = (): void => undefined;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    const { url } = await serve((socket) => {
      socket.on('close', () => closed());
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{');
    });
    const error = expectLeft(
      await firstValueFrom(nodeRequest(req(url, { timeout: 50 }))),
      'TimeoutError',
    );
    expect(error.timeout).toBe(50);
    await socketClosed;
  });

  it('should close the connection when unsubscribed before the answer, and emit nothing', async () => {
    let arrived = (): void => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let closed = (): void => undefined;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    const { url } = await serve((socket) => {
      socket.on('close', () => closed());
      arrived();
    });
    const values: unknown[] = [];
    const subscription = nodeRequest(req(url)).subscribe((v) => values.push(v));
    await requestArrived;
    subscription.unsubscribe();
    await socketClosed;
    expect(values).toEqual([]);
  });

  it('should send nothing before subscribe', async () => {
    const { connections, url } = await serve((socket) => socket.write(answer('{}')));
    const request$ = nodeRequest(req(url));
    expect(connections()).toBe(0);
    expectRight(await firstValueFrom(request$));
    expect(connections()).toBe(1);
  });
});

describe('defaultTransport', () => {
  it('should know Node when it runs on it, and nothing else for Node', () => {
    expect(isNode()).toBe(true);
    expect(isNode({})).toBe(false);
    expect(isNode({ process: { versions: {} } })).toBe(false);
  });

  it('should use the Node transport on Node and fetch elsewhere, each reaching the server', async () => {
    const { url, close } = await tcpServer((socket) => socket.write(answer('{"via":"tcp"}')));
    try {
      for (const transport of [defaultTransport(), defaultTransport(false)]) {
        expect(expectRight(await firstValueFrom(transport(req(url)))).text).toBe('{"via":"tcp"}');
      }
    } finally {
      await close();
    }
  });
});
