/**
 * Writes over the streaming protocol, against an in-memory socket: what `post$`'s and
 * `delete$`'s functions send as changes, how they read the answers, and how a change waiting
 * for its answer is sent again after a reconnection.
 */
import * as t from 'io-ts';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { createApiContext } from '../../lib/endpoints/contexts';
import { deleteObject$ } from '../../lib/endpoints/delete-object';
import { postObject$ } from '../../lib/endpoints/post-object';
import { expectLeft, expectRight } from '../support/either';
import { mockFetch } from '../support/mock-fetch';
import { until } from '../support/server-http';
import { FakeSocket } from './fake-socket';

const Todo = t.type({ text: t.string, done: t.boolean });

const setup = () => {
  FakeSocket.reset();
  const mock = mockFetch();
  const ctx = createApiContext('my-app', 'token-1', {
    baseUrl: 'http://127.0.0.1:9',
    clientId: 'rx-test',
    fetch: mock.fetch,
    transport: 'websocket',
    WebSocket: FakeSocket,
    retry: { initialDelay: 1, jitter: 0 },
  });
  return { ctx, mock };
};

/** The socket a write opens, authenticated on channel 0. */
const authed = async (channel = 0): Promise<FakeSocket> => {
  const socket = await FakeSocket.next();
  socket.open();
  socket.receive(`${channel}:auth:ann@example.com`);
  return socket;
};

/** The change sent as the channel's `n`th message. */
const sentChange = (socket: FakeSocket, n: number, channel = 0): Record<string, unknown> => {
  const message = socket.on(channel)[n] ?? '';
  expect(message.startsWith('c:')).toBe(true);
  return JSON.parse(message.slice(2)) as Record<string, unknown>;
};

// Timers are faked: a writer's channel lingers 4 s (the heartbeat) after its last answer.
beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
afterEach(() => {
  jest.runOnlyPendingTimers();
  jest.useRealTimers();
});

describe('writes over the socket', () => {
  it('should send a merge as a change replacing each key, and read its acknowledgement', async () => {
    const { ctx, mock } = setup();
    const result = firstValueFrom(postObject$(ctx, 'todo', Todo, 'a1', { done: true }));
    const socket = await authed();
    expect(socket.url).toBe('ws://127.0.0.1:9/sock/1/my-app/websocket');
    expect(JSON.parse((socket.on(0)[0] ?? '').slice('init:'.length))).toMatchObject({
      name: 'todo',
      clientid: 'rx-test',
      token: 'token-1',
    });
    const change = sentChange(socket, 1);
    expect(change).toEqual({
      o: 'M',
      id: 'a1',
      v: { done: { o: 'r', v: true } },
      ccid: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    socket.receive(
      `0:c:${JSON.stringify([{ clientid: 'rx-test', id: 'a1', o: 'M', ev: 4, cv: 'c4', ccids: [change.ccid], v: {} }])}`,
    );
    expect(expectRight(await result)).toEqual({ id: 'a1', version: 4, changed: true });
    expect(mock.calls()).toHaveLength(0);
    jest.advanceTimersByTime(3999);
    expect(socket.closedWith).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(socket.closedWith).toBe(1000);
  });

  it('should send a replace with the whole document as d', async () => {
    const { ctx } = setup();
    const result = firstValueFrom(
      postObject$(
        ctx,
        'todo',
        Todo,
        'a1',
        { text: 'x', done: false },
        { replace: true, ccid: 'k1' },
      ),
    );
    const socket = await authed();
    expect(sentChange(socket, 1)).toEqual({
      o: 'M',
      id: 'a1',
      ccid: 'k1',
      d: { text: 'x', done: false },
    });
    socket.receive('0:c:[{"id":"a1","ccids":["k1"],"error":412}]');
    expect(expectRight(await result)).toEqual({ id: 'a1', changed: false });
  });

  it('should read a refusal as the HttpError with its code', async () => {
    const { ctx } = setup();
    const result = firstValueFrom(
      postObject$(ctx, 'todo', Todo, 'a1', { done: true }, { ccid: 'k1' }),
    );
    const socket = await authed();
    socket.receive('0:c:[{"id":"a1","ccids":["k1"],"error":440}]');
    expect(expectLeft(await result, 'HttpError')).toMatchObject({
      _tag: 'HttpError',
      status: 440,
      method: 'POST',
      url: 'ws://127.0.0.1:9/sock/1/my-app/websocket',
    });
  });

  it('should send a delete as an o:- change, and read 412 as the 404 HTTP gives', async () => {
    const { ctx } = setup();
    const first = firstValueFrom(deleteObject$(ctx, 'todo', 'a1', { ccid: 'd1' }));
    const socket = await authed();
    expect(sentChange(socket, 1)).toEqual({ o: '-', id: 'a1', ccid: 'd1' });
    socket.receive('0:c:[{"id":"a1","o":"-","ev":3,"cv":"c3","ccids":["d1"]}]');
    expect(expectRight(await first)).toEqual({ id: 'a1', version: 3 });

    // A write soon after shares the channel: no second init.
    const again = firstValueFrom(deleteObject$(ctx, 'todo', 'a1', { ccid: 'd2' }));
    await until(() => socket.on(0).length === 3);
    expect(sentChange(socket, 2)).toEqual({ o: '-', id: 'a1', ccid: 'd2' });
    socket.receive('0:c:[{"id":"a1","ccids":["d2"],"error":412}]');
    expect(expectLeft(await again, 'HttpError')).toMatchObject({ _tag: 'HttpError', status: 404 });
  });

  it('should send a change again with the same ccid after a drop, and take 409 as done', async () => {
    const { ctx } = setup();
    const result = firstValueFrom(
      postObject$(ctx, 'todo', Todo, 'a1', { done: true }, { ccid: 'k1' }),
    );
    const socket = await authed();
    const change = sentChange(socket, 1);
    const next = FakeSocket.next();
    socket.drop();
    jest.advanceTimersByTime(1); // the backoff before the socket is opened again
    const again = await next;
    again.open();
    expect(again.on(0)).toEqual([expect.stringMatching(/^init:/)]);
    again.receive('0:auth:ann@example.com');
    expect(sentChange(again, 1)).toEqual(change);
    again.receive('0:c:[{"id":"a1","ccids":["k1"],"error":409}]');
    expect(expectRight(await result)).toEqual({ id: 'a1', changed: true });
  });

  it('should send the writes of one bucket on one channel, in order, each answered by its ccid', async () => {
    const { ctx } = setup();
    const a = firstValueFrom(postObject$(ctx, 'todo', Todo, 'a1', { done: true }, { ccid: 'k1' }));
    const b = firstValueFrom(postObject$(ctx, 'todo', Todo, 'a2', { done: true }, { ccid: 'k2' }));
    const socket = await authed();
    expect(
      socket
        .on(0)
        .slice(1)
        .map((m) => JSON.parse(m.slice(2)).ccid),
    ).toEqual(['k1', 'k2']);
    socket.receive('0:c:[{"id":"a2","o":"M","ev":1,"cv":"c1","ccids":["k2"]}]');
    expect(expectRight(await b)).toMatchObject({ id: 'a2', version: 1 });
    expect(socket.closedWith).toBeUndefined();
    socket.receive('0:c:[{"id":"a1","o":"M","ev":1,"cv":"c2","ccids":["k1"]}]');
    expect(expectRight(await a)).toMatchObject({ id: 'a1', version: 1 });
    jest.advanceTimersByTime(4000);
    expect(socket.closedWith).toBe(1000);
  });

  it('should not open the socket again for a writer with nothing waiting', async () => {
    const { ctx } = setup();
    const result = firstValueFrom(
      postObject$(ctx, 'todo', Todo, 'a1', { done: true }, { ccid: 'k1' }),
    );
    const socket = await authed();
    socket.receive('0:c:[{"id":"a1","o":"M","ev":1,"cv":"c1","ccids":["k1"]}]');
    expectRight(await result);
    socket.drop();
    jest.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('should end every waiting write with the HttpError of a refused init', async () => {
    const { ctx } = setup();
    const result = firstValueFrom(postObject$(ctx, 'todo', Todo, 'a1', { done: true }));
    const socket = await FakeSocket.next();
    socket.open();
    socket.receive('0:auth:{"msg":"Token invalid","code":401}');
    expect(expectLeft(await result, 'HttpError')).toMatchObject({
      _tag: 'HttpError',
      status: 401,
      statusText: 'Token invalid',
    });
  });

  it('should withdraw a write when unsubscribed before its answer', async () => {
    const { ctx } = setup();
    const subscription = postObject$(ctx, 'todo', Todo, 'a1', { done: true }).subscribe();
    const socket = await authed();
    expect(socket.on(0)).toHaveLength(2);
    subscription.unsubscribe();
    jest.advanceTimersByTime(4000);
    expect(socket.closedWith).toBe(1000);
    expect(socket.on(0)).toHaveLength(2);
  });

  it('should refuse data that is not a JSON object, or not Unicode text, sending nothing', async () => {
    const { ctx } = setup();
    const all = (o: ReturnType<typeof postObject$>) => lastValueFrom(o.pipe(toArray()));
    const notObject = await all(postObject$(ctx, 'b', t.unknown, 'a1', [1, 2] as never));
    expect(expectLeft(notObject[0]!, 'InvalidArgumentError')).toMatchObject({
      _tag: 'InvalidArgumentError',
      argument: 'data',
    });
    const lone = await all(postObject$(ctx, 'b', t.unknown, 'a1', { t: '\ud800' } as never));
    expect(expectLeft(lone[0]!, 'InvalidArgumentError')).toMatchObject({
      _tag: 'InvalidArgumentError',
      argument: 'data',
    });
    expect(FakeSocket.made).toHaveLength(0);
  });

  it('should send a write naming a version, or asking for the response, over HTTP', async () => {
    const { ctx, mock } = setup();
    mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '3' } });
    await firstValueFrom(postObject$(ctx, 'todo', Todo, 'a1', { done: true }, { version: 2 }));
    await firstValueFrom(deleteObject$(ctx, 'todo', 'a1', { version: 3 }));
    expect(mock.calls().map((c) => c.url.split('?')[0])).toEqual([
      'http://127.0.0.1:9/1/my-app/todo/i/a1/v/2',
      'http://127.0.0.1:9/1/my-app/todo/i/a1/v/3',
    ]);
    expect(FakeSocket.made).toHaveLength(0);
  });
});
