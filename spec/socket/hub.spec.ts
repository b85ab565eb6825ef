/**
 * An `Api` with `transport: 'websocket'`: its feeds share one socket, a channel each, and its
 * long polls are gone.
 */
import * as E from 'fp-ts/Either';
import { Api } from '../../lib/api';
import { socketUrl } from '../../lib/socket/hub';
import { createApiContext } from '../../lib/endpoints/contexts';
import { mockFetch } from '../support/mock-fetch';
import { FakeSocket, remoteChange as change } from './fake-socket';

describe('an Api streaming over a socket', () => {
  beforeEach(() => FakeSocket.reset());

  it('should derive the socket URL from the base URL', () => {
    const ctx = (baseUrl: string) => createApiContext('my-app', 't', { baseUrl });
    expect(socketUrl(ctx('https://api.example.com'))).toBe(
      'wss://api.example.com/sock/1/my-app/websocket',
    );
    expect(socketUrl(ctx('http://127.0.0.1:8080/base'))).toBe(
      'ws://127.0.0.1:8080/base/sock/1/my-app/websocket',
    );
  });

  it('should run the feeds of two buckets on one socket, emitting each change once', async () => {
    const mock = mockFetch();
    const api = new Api('my-app', 'token-1', {
      baseUrl: 'http://127.0.0.1:9',
      fetch: mock.fetch,
      transport: 'websocket',
      WebSocket: FakeSocket,
    });
    const todo: unknown[] = [];
    const notes: unknown[] = [];
    const made = FakeSocket.next();
    const a = api
      .bucket('todo')
      .changes$({ cv: 'cv0' })
      .subscribe((c) => todo.push(c));
    const socket = await made;
    const b = api
      .bucket('notes')
      .changes$({ cv: 'cv0' })
      .subscribe((c) => notes.push(c));
    socket.open();
    await new Promise<void>((resolve) => {
      const check = (): void => (socket.on(1).length > 0 ? resolve() : void setImmediate(check));
      check();
    });
    socket.receive('0:auth:ann@example.com');
    socket.receive('1:auth:ann@example.com');
    expect(socket.on(0)[1]).toBe('cv:cv0');
    socket.receive(`0:c:${JSON.stringify([change(1), change(2)])}`);
    socket.receive(`1:c:${JSON.stringify([change(3)])}`);
    socket.receive('0:c:[]');
    expect(todo).toEqual([E.right(change(1)), E.right(change(2))]);
    expect(notes).toHaveLength(1);
    expect(FakeSocket.made).toHaveLength(1);
    expect(mock.calls()).toHaveLength(0);
    a.unsubscribe();
    expect(socket.closedWith).toBeUndefined();
    b.unsubscribe();
    expect(socket.closedWith).toBe(1000);
  });
});
