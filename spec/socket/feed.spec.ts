/**
 * The change feed over the streaming protocol, against an in-memory socket in virtual time: what
 * the channel sends, how it reads the server's messages, and how it resumes after a drop.
 */
import * as E from 'fp-ts/Either';
import { VirtualTimeScheduler, type Subscription } from 'rxjs';
import { JsonObject } from '../../lib/codecs/json-object';
import { createApiContext } from '../../lib/endpoints/contexts';
import type { SimperiumError } from '../../lib/errors';
import { Connection } from '../../lib/socket/connection';
import { socketAnswers } from '../../lib/socket/feed';
import type { Answer } from '../../lib/streams/long-poll';
import type { Change } from '../../lib/codecs/change';
import { FakeSocket, remoteChange as change } from './fake-socket';

const URL = 'ws://127.0.0.1:9/sock/1/my-app/websocket';
const ctx = createApiContext('my-app', 'token-1', { clientId: 'rx-test' });

type Out = E.Either<SimperiumError, Answer<Change<unknown>>>;

const setup = (cv?: string) => {
  FakeSocket.made = [];
  const scheduler = new VirtualTimeScheduler();
  const connection = new Connection(URL, (url) => new FakeSocket(url), {
    heartbeat: 4000,
    retry: {
      initialDelay: 1000,
      maxDelay: 30_000,
      factor: 2,
      jitter: 0,
      maxRetryAfter: 60_000,
      count: 0,
    },
    scheduler,
  });
  const out: Out[] = [];
  const retries: number[] = [];
  const subscription: Subscription = socketAnswers(
    ctx,
    { connection, url: URL },
    'todo',
    JsonObject,
    cv,
    { onRetry: (_e, attempt) => retries.push(attempt) },
  ).subscribe((v) => out.push(v));
  let now = 0;
  const run = (ms: number): void => {
    now += ms;
    scheduler.maxFrames = now;
    scheduler.flush();
    scheduler.frame = now;
  };
  return { connection, out, retries, subscription, run, socket: () => FakeSocket.last() };
};

describe('socketAnswers', () => {
  it('should authenticate its channel with init, then resume from the cursor', () => {
    const { socket } = setup('cv0');
    expect(socket().url).toBe(URL);
    socket().open();
    const [init] = socket().sent;
    expect(init).toMatch(/^0:init:/);
    expect(JSON.parse((init ?? '').slice('0:init:'.length))).toEqual({
      name: 'todo',
      clientid: 'rx-test',
      api: '1.1',
      token: 'token-1',
      app_id: 'my-app',
      library: 'simperium-rx',
      version: '0.1.0',
    });
    socket().receive('0:auth:ann@example.com');
    expect(socket().sent[1]).toBe('0:cv:cv0');
  });

  it('should learn the current cursor from a one-entry index page when it has none', () => {
    const { socket, out } = setup();
    socket().open();
    socket().receive('0:auth:ann@example.com');
    expect(socket().sent[1]).toBe('0:i::::1');
    socket().receive('0:i:{"index":[{"id":"x","v":1}],"current":"cv5","mark":"x"}');
    expect(out).toEqual([E.right({ changes: [], cv: 'cv5' })]);
  });

  it('should emit each c: message as one answer, with the cursor after it, skipping error elements', () => {
    const { socket, out } = setup('cv0');
    socket().open();
    socket().receive('0:auth:ann@example.com');
    socket().receive(
      `0:c:${JSON.stringify([change(1), change(2), { id: 'z', ccids: ['q'], error: 409 }])}`,
    );
    socket().receive('0:c:[]');
    expect(out).toHaveLength(2);
    const first = out[0] as E.Right<Answer<Change<unknown>>>;
    expect(first.right.cv).toBe('cv2');
    expect(first.right.changes.map((c) => E.isRight(c) && c.right.id)).toEqual(['o1', 'o2']);
    expect(out[1]).toEqual(E.right({ changes: [], cv: 'cv2' }));
  });

  it('should keep a change that does not decode as a Left naming its id, and go on', () => {
    const { socket, out } = setup('cv0');
    socket().open();
    socket().receive('0:auth:ann@example.com');
    socket().receive(
      `0:c:${JSON.stringify([{ id: 'bad', cv: 'cv1', o: 'M', ev: 'x' }, change(2)])}`,
    );
    const answer = out[0] as E.Right<Answer<Change<unknown>>>;
    expect(answer.right.changes[0]).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'DecodeError', id: 'bad' },
    });
    expect(answer.right.cv).toBe('cv2');
  });

  it('should end with an HttpError when the server refuses the credentials', () => {
    const { socket, out } = setup('cv0');
    socket().open();
    socket().receive('0:auth:{"msg":"Token invalid","code":401}');
    expect(out).toEqual([
      E.left(
        expect.objectContaining({
          _tag: 'HttpError',
          status: 401,
          statusText: 'Token invalid',
          url: URL,
        }),
      ),
    ]);
    expect(JSON.stringify(out)).not.toContain('token-1');
  });

  it('should end with an UnknownCursorError for cv:?', () => {
    const { socket, out } = setup('cv-old');
    socket().open();
    socket().receive('0:auth:ann@example.com');
    socket().receive('0:cv:?');
    expect(out).toEqual([E.left({ _tag: 'UnknownCursorError', cv: 'cv-old', url: URL })]);
  });

  it('should open the socket again after a drop, with backoff, and resume from the last cursor', () => {
    const { socket, out, retries, run } = setup('cv0');
    const first = socket();
    first.open();
    first.receive('0:auth:ann@example.com');
    first.receive(`0:c:${JSON.stringify([change(1)])}`);
    first.drop();
    expect(retries).toEqual([1]);
    run(999);
    expect(FakeSocket.made).toHaveLength(1);
    run(1);
    expect(FakeSocket.made).toHaveLength(2);
    const second = socket();
    second.open();
    expect(second.sent[0]).toMatch(/^0:init:/);
    second.receive('0:auth:ann@example.com');
    expect(second.sent[1]).toBe('0:cv:cv1');
    expect(out).toHaveLength(1);
  });

  it('should send heartbeats after silence, and drop a socket that stays silent', () => {
    const { socket, run } = setup('cv0');
    socket().open();
    socket().receive('0:auth:ann@example.com');
    run(3999);
    expect(socket().sent).toEqual([expect.stringMatching(/^0:init:/), '0:cv:cv0']);
    run(1);
    expect(socket().sent[2]).toBe('h:1');
    socket().receive('h:2');
    run(4000);
    expect(socket().sent[3]).toBe('h:3');
    run(4000);
    expect(socket().closedWith).toBeDefined();
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('should close the socket when its last channel is unsubscribed', () => {
    const { socket, subscription, connection } = setup('cv0');
    socket().open();
    subscription.unsubscribe();
    expect(connection.size).toBe(0);
    expect(socket().closedWith).toBe(1000);
  });
});
