/**
 * The client's streaming transport (`transport: 'websocket'`) against the real local server, over
 * real sockets (`ws`): feeds that see writes made over HTTP and over sockets once each, in cv
 * order; resumption; one socket for every feed and write of an `Api`; a reconnection that loses
 * and repeats nothing; a write whose acknowledgement is lost, sent again with its ccid and stored
 * once; refused credentials; live views. Every wait is for an event, never a timer.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { firstValueFrom, take, toArray, type Observable } from 'rxjs';
import WebSocket from 'ws';
import { Api, type Change, type LiveView, type SimperiumError } from '../../lib';
import { expectLeft, expectRight } from '../support/either';
import { ViewProbe } from '../support/live-probe';
import {
  createUser,
  describeLocalOnly,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../support/local-server';
import { until } from '../support/server-http';

const Todo = t.type({ text: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;

/**
 * `ws`'s WebSocket, keeping every socket made; `dropAnswerTo` makes the next socket message that
 * names that ccid vanish, and the socket with it (as if the connection broke just then).
 */
class TrackedSocket extends WebSocket {
  static made: TrackedSocket[] = [];
  static dropAnswerTo: string | undefined;

  constructor(url: string) {
    super(url);
    TrackedSocket.made.push(this);
    const own = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
    Object.defineProperty(this, 'onmessage', {
      configurable: true,
      get: () => own?.get?.call(this) as unknown,
      set: (handler: ((event: WebSocket.MessageEvent) => void) | null) =>
        own?.set?.call(
          this,
          handler === null
            ? null
            : (event: WebSocket.MessageEvent) => {
                const ccid = TrackedSocket.dropAnswerTo;
                if (ccid !== undefined && String(event.data).includes(`"${ccid}"`)) {
                  TrackedSocket.dropAnswerTo = undefined;
                  this.terminate();
                  return;
                }
                handler(event);
              },
        ),
    });
  }
}

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());
beforeEach(() => {
  TrackedSocket.made = [];
  TrackedSocket.dropAnswerTo = undefined;
});

/** An `Api` for `user` over the socket, reconnecting after 5 ms. */
const streaming = (user: TestUser): Api =>
  new Api(remote.app.id, user.accessToken, {
    baseUrl: remote.url,
    clientId: 'rx-streaming',
    transport: 'websocket',
    WebSocket: TrackedSocket,
    retry: { initialDelay: 5, maxDelay: 5, jitter: 0 },
  });

/** The bucket's current cursor, over HTTP. */
const currentCv = async (user: TestUser, bucket: string): Promise<string> =>
  expectRight(await firstValueFrom(user.api.bucket(bucket).indexPages$({ limit: 1 }))).current;

/** The first `n` changes of a feed, as values. */
const firstChanges = <A>(
  feed$: Observable<E.Either<SimperiumError, Change<A>>>,
  n: number,
): Promise<Change<A>[]> =>
  firstValueFrom(feed$.pipe(take(n), toArray())).then((all) => all.map(expectRight));

describeLocalOnly('the streaming transport against the local server', () => {
  it('should see writes over HTTP and over the socket once each, in cv order, on one socket', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const api = streaming(user);
    const cv = await currentCv(user, bucket);
    const seen = firstChanges(api.bucket(bucket, Todo).changes$({ cv }), 3);
    await firstValueFrom(user.api.bucket(bucket, Todo).post$('a', { text: 'http', done: false }));
    const written = expectRight(
      await firstValueFrom(api.bucket(bucket, Todo).post$('b', { text: 'socket', done: false })),
    );
    expect(written).toEqual({ id: 'b', version: 1, changed: true });
    const merged = expectRight(
      await firstValueFrom(api.bucket(bucket, Todo).post$('a', { done: true })),
    );
    expect(merged).toEqual({ id: 'a', version: 2, changed: true });
    const changes = await seen;
    expect(changes.map((c) => [c.id, c.ev])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
    expect(changes[1]?.clientid).toBe('rx-streaming');
    expect(new Set(changes.map((c) => c.cv)).size).toBe(3);
    const a = expectRight(await firstValueFrom(user.api.bucket(bucket, Todo).get$('a')));
    expect(a).toEqual({ id: 'a', version: 2, data: { text: 'http', done: true } });
    expect(TrackedSocket.made).toHaveLength(1);
  });

  it('should resume from a cursor with exactly the changes after it', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const api = streaming(user);
    const todo = user.api.bucket(bucket, Todo);
    const cv = await currentCv(user, bucket);
    await firstValueFrom(todo.post$('a', { text: '1', done: false }));
    const [first] = await firstChanges(api.bucket(bucket, Todo).changes$({ cv }), 1);
    await firstValueFrom(todo.post$('b', { text: '2', done: false }));
    await firstValueFrom(todo.post$('c', { text: '3', done: false }));
    const rest = await firstChanges(api.bucket(bucket, Todo).changes$({ cv: first?.cv }), 2);
    expect(rest.map((c) => c.id)).toEqual(['b', 'c']);
    // The last feed ended: its socket closes.
    await until(() => TrackedSocket.made.every((socket) => socket.readyState === WebSocket.CLOSED));
  });

  it('should replace and delete over the socket as over HTTP', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = streaming(user).bucket(bucket);
    await firstValueFrom(todo.post$('a', { text: 'x', done: false, extra: 1 }));
    const replaced = await firstValueFrom(
      todo.post$('a', { text: 'y', done: true }, { replace: true }),
    );
    expect(expectRight(replaced)).toEqual({ id: 'a', version: 2, changed: true });
    const same = await firstValueFrom(todo.post$('a', { text: 'y' }));
    expect(expectRight(same)).toMatchObject({ id: 'a', changed: false });
    const stored = expectRight(await firstValueFrom(user.api.bucket(bucket).get$('a')));
    expect(stored.data).toEqual({ text: 'y', done: true });
    expect(expectRight(await firstValueFrom(todo.delete$('a')))).toEqual({ id: 'a', version: 3 });
    const again = await firstValueFrom(todo.delete$('a'));
    expect(expectLeft(again, 'HttpError').status).toBe(404);
    const missing = await firstValueFrom(user.api.bucket(bucket).get$('a'));
    expect(expectLeft(missing, 'HttpError').status).toBe(404);
  });

  it('should reconnect after the socket breaks, losing and repeating nothing', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket, Todo);
    const cv = await currentCv(user, bucket);
    const got: string[] = [];
    const feed = streaming(user)
      .bucket(bucket, Todo)
      .changes$({ cv })
      .subscribe((c) => got.push(expectRight(c).id));
    await firstValueFrom(todo.post$('a', { text: '1', done: false }));
    await until(() => got.length === 1);
    TrackedSocket.made[0]?.terminate();
    await firstValueFrom(todo.post$('b', { text: '2', done: false }));
    await firstValueFrom(todo.post$('c', { text: '3', done: false }));
    await until(() => got.length === 3);
    expect(got).toEqual(['a', 'b', 'c']);
    expect(TrackedSocket.made).toHaveLength(2);
    await firstValueFrom(todo.post$('d', { text: '4', done: false }));
    await until(() => got.length === 4);
    expect(got).toEqual(['a', 'b', 'c', 'd']);
    feed.unsubscribe();
  });

  it('should send a write again with its ccid when its answer is lost, and store it once', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = streaming(user).bucket(bucket, Todo);
    TrackedSocket.dropAnswerTo = 'k-lost';
    const result = await firstValueFrom(
      todo.post$('a', { text: 'once', done: false }, { ccid: 'k-lost' }),
    );
    expect(expectRight(result)).toEqual({ id: 'a', changed: true });
    expect(TrackedSocket.made).toHaveLength(2);
    const stored = expectRight(await firstValueFrom(user.api.bucket(bucket, Todo).get$('a')));
    expect(stored.version).toBe(1);
    const changes = await firstValueFrom(
      user.api.bucket(bucket, Todo).indexPages$({ data: true }).pipe(take(1)),
    );
    expect(expectRight(changes).index.map((e) => [e.id, e.version])).toEqual([['a', 1]]);
  });

  it('should end a feed and a write with the HttpError of refused credentials', async () => {
    const api = new Api(remote.app.id, 'not-a-token', {
      baseUrl: remote.url,
      transport: 'websocket',
      WebSocket: TrackedSocket,
    });
    const feed = await firstValueFrom(api.bucket('todo').changes$({ cv: 'abc' }).pipe(toArray()));
    expect(feed).toHaveLength(1);
    expect(expectLeft(feed[0] as E.Either<SimperiumError, unknown>, 'HttpError').status).toBe(401);
    const write = await firstValueFrom(api.bucket('todo').post$('a', { x: 1 }));
    expect(expectLeft(write, 'HttpError')).toMatchObject({ status: 401, method: 'POST' });
    expect(JSON.stringify([feed, write])).not.toContain('not-a-token');
  });

  it('should keep a live view current over the socket, settling its own writes', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    await firstValueFrom(user.api.bucket(bucket, Todo).post$('a', { text: 'old', done: false }));
    const todo = streaming(user).bucket(bucket, Todo);
    const probe = new ViewProbe<Todo>(
      todo.live$() as Observable<E.Either<SimperiumError, LiveView<Todo>>>,
    );
    try {
      await probe.until((v) => v.status === 'live' && v.objects.get('a')?.text === 'old');
      await firstValueFrom(todo.post$('b', { text: 'mine', done: false }));
      await firstValueFrom(user.api.bucket(bucket, Todo).post$('a', { done: true }));
      const view = await probe.until(
        (v) => v.pending === 0 && v.objects.get('b')?.text === 'mine' && v.versions.get('a') === 2,
      );
      expect(Object.fromEntries(view.objects)).toEqual({
        a: { text: 'old', done: true },
        b: { text: 'mine', done: false },
      });
      expect(TrackedSocket.made).toHaveLength(1);
    } finally {
      probe.unsubscribe();
    }
  });
});
