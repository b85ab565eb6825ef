import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Observable, firstValueFrom, of, take, toArray } from 'rxjs';
import { Api } from '../../lib/api';
import type { Change } from '../../lib/codecs/change';
import type { SimperiumError } from '../../lib/errors';
import { changesFeed } from '../../lib/streams/feeds';
import type { ApiContext } from '../../lib/transport/context';
import type { HttpRequest } from '../../lib/transport/types';
import { collect } from '../support/collect';
import { expectLeft } from '../support/either';
import { mockFetch } from '../support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';
const CHANGES = `${BASE}/1/my-app/todo/changes`;

const Todo = t.type({ text: t.string, done: t.boolean }, 'Todo');
type Todo = t.TypeOf<typeof Todo>;

/** Retry at once, so that retries need no waiting. */
const fast = { initialDelay: 1, maxDelay: 1, jitter: 0 };

const change = (n: number, extra: object = {}) => ({
  id: `o${n}`,
  cv: `cv${n}`,
  o: 'M',
  ev: n,
  ccids: [`cc${n}`],
  clientid: 'rx-other',
  v: { done: { o: 'r', v: true } },
  ...extra,
});

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Promise<never>;

/**
 * An Api over fetch-mock whose i-th request gets `answers[i]`, and every later one an answer that
 * never comes (so a feed waits until unsubscribed).
 */
const setup = (answers: Answer[] = []) => {
  const mock = mockFetch();
  let n = 0;
  mock.fm.route('*', () => answers[n++] ?? new Promise<never>(() => undefined));
  const api = new Api('my-app', TOKEN, { baseUrl: BASE, fetch: mock.fetch, clientId: 'rx-test' });
  return { ctx: api.context, mock };
};

type Out = E.Either<SimperiumError, Change<Todo>>;
const first = (feed$: Observable<Out>, n: number): Promise<Out[]> =>
  firstValueFrom(feed$.pipe(take(n), toArray()));

describe('changesFeed', () => {
  it('should GET {bucket}/changes with clientid and cv, the token only in its header', async () => {
    const { ctx, mock } = setup([{ status: 200, body: [change(1)] }]);
    const feed$ = changesFeed(ctx, 'todo', Todo, { cv: 'cv0' });
    expect(mock.calls()).toHaveLength(0);
    await first(feed$, 1);
    const [sent] = mock.calls();
    expect(sent?.method).toBe('GET');
    expect(sent?.url).toBe(`${CHANGES}?clientid=rx-test&cv=cv0`);
    expect(sent?.headers['x-simperium-token']).toBe(TOKEN);
    expect(sent?.url).not.toContain(TOKEN);
  });

  it('should leave cv out when none is given', async () => {
    const { ctx, mock } = setup([{ status: 200, body: [change(1)] }]);
    await first(changesFeed(ctx, 'todo', Todo, {}), 1);
    expect(mock.calls()[0]?.url).toBe(`${CHANGES}?clientid=rx-test`);
  });

  it('should emit the changes with their wire names and ask again from the last cv', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: [change(1), change(2)] },
      { status: 200, body: [] },
      { status: 200, body: [change(3, { sv: 2, ev: 3 })] },
    ]);
    const values = await first(changesFeed(ctx, 'todo', Todo, { cv: 'cv0', minInterval: 0 }), 3);
    expect(values).toEqual([E.right(change(1)), E.right(change(2)), E.right(change(3, { sv: 2 }))]);
    expect(mock.calls().map((c) => new URL(c.url).searchParams.get('cv'))).toEqual([
      'cv0',
      'cv2',
      'cv2',
    ]);
  });

  it('should retry 503, 429, network failures and an answer that is not a list, from the same cv', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: [change(1)] },
      { status: 503 },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 200, body: '<html>gateway</html>' },
      { status: 200, body: { not: 'a list' } },
      Promise.reject(new TypeError('fetch failed')),
      { status: 200, body: [change(2)] },
    ]);
    const values = await first(changesFeed(ctx, 'todo', Todo, { cv: 'cv0', retry: fast }), 2);
    expect(values).toEqual([E.right(change(1)), E.right(change(2))]);
    const cvs = mock.calls().map((c) => new URL(c.url).searchParams.get('cv'));
    expect(cvs).toEqual(['cv0', 'cv1', 'cv1', 'cv1', 'cv1', 'cv1', 'cv1']);
  });

  it('should end with UnknownCursorError on 404, then complete', async () => {
    const { ctx, mock } = setup([{ status: 404, body: 'unknown cv' }]);
    const values = await collect(changesFeed(ctx, 'todo', Todo, { cv: 'stale' }));
    expect(values).toHaveLength(1);
    expect(expectLeft(values[0] as Out, 'UnknownCursorError')).toEqual({
      _tag: 'UnknownCursorError',
      cv: 'stale',
      url: `${CHANGES}?clientid=rx-test&cv=stale`,
    });
    expect(mock.calls()).toHaveLength(1);
  });

  it.each([401, 403])('should end with HttpError %d, then complete', async (status) => {
    const { ctx, mock } = setup([{ status }]);
    const values = await collect(changesFeed(ctx, 'todo', Todo, { cv: 'cv0' }));
    expect(values).toHaveLength(1);
    expect(expectLeft(values[0] as Out, 'HttpError').status).toBe(status);
    expect(JSON.stringify(values)).not.toContain(TOKEN);
    expect(mock.calls()).toHaveLength(1);
  });

  it('should emit a change that does not decode as a Left and go on past it', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: [change(1), { id: 'o2', cv: 'cv2', o: 'M', v: 'bad' }] },
      { status: 200, body: [change(3)] },
    ]);
    const values = await first(changesFeed(ctx, 'todo', Todo, {}), 3);
    expect(values[0]).toEqual(E.right(change(1)));
    expectLeft(values[1] as Out, 'DecodeError');
    expect(values[2]).toEqual(E.right(change(3)));
    expect(new URL(mock.calls()[1]?.url ?? '').searchParams.get('cv')).toBe('cv2');
  });

  it('should abort the request held open when unsubscribed', async () => {
    const { ctx, mock } = setup();
    const subscription = changesFeed(ctx, 'todo', Todo, {}).subscribe();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const [held] = mock.calls();
    expect(held?.signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(held?.signal?.aborted).toBe(true);
  });

  it('should drop a request unanswered within the window and send it again', async () => {
    const { ctx, mock } = setup([
      new Promise<never>(() => undefined),
      { status: 200, body: [change(1)] },
    ]);
    const values = await first(changesFeed(ctx, 'todo', Todo, { cv: 'cv0', timeout: 20 }), 1);
    expect(values).toEqual([E.right(change(1))]);
    const [dropped, again] = mock.calls();
    expect(dropped?.signal?.aborted).toBe(true);
    expect(again?.url).toBe(dropped?.url);
  });

  it('should give each request a timeout 15 s longer than the long-poll window', async () => {
    const requests: HttpRequest[] = [];
    const { ctx } = setup();
    const spy: ApiContext = {
      ...ctx,
      transport: (req) => {
        requests.push(req);
        return of(
          E.right({
            status: 200,
            statusText: 'OK',
            headers: {},
            text: '[{"id":"a","cv":"c","o":"-"}]',
          }),
        );
      },
    };
    await first(changesFeed(spy, 'todo', Todo, { timeout: 1000 }), 1);
    await first(changesFeed(spy, 'todo', Todo, {}), 1);
    expect(requests.map((r) => r.timeout)).toEqual([16_000, 45_000]);
  });

  describe('after an empty answer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** A context whose transport answers `[]` at once, recording each request. */
    const emptyAnswers = () => {
      const requests: HttpRequest[] = [];
      const { ctx } = setup();
      const spy: ApiContext = {
        ...ctx,
        transport: (req) => {
          requests.push(req);
          return of(E.right({ status: 200, statusText: 'OK', headers: {}, text: '[]' }));
        },
      };
      return { spy, requests };
    };

    it('should send the next request only once minInterval has passed', () => {
      const { spy, requests } = emptyAnswers();
      const subscription = changesFeed(spy, 'todo', Todo, { minInterval: 5000 }).subscribe();
      expect(requests).toHaveLength(1);
      jest.advanceTimersByTime(4999);
      expect(requests).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(requests).toHaveLength(2);
      subscription.unsubscribe();
      jest.advanceTimersByTime(10_000);
      expect(requests).toHaveLength(2);
    });

    it('should wait 1 s by default', () => {
      const { spy, requests } = emptyAnswers();
      const subscription = changesFeed(spy, 'todo', Todo, {}).subscribe();
      jest.advanceTimersByTime(999);
      expect(requests).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(requests).toHaveLength(2);
      subscription.unsubscribe();
    });
  });

  it.each<[string, object]>([
    ['an empty cv', { cv: '' }],
    ['a cv with a space', { cv: 'a b' }],
    ['a zero timeout', { timeout: 0 }],
    ['a NaN timeout', { timeout: NaN }],
    ['a negative minInterval', { minInterval: -1 }],
    ['an infinite minInterval', { minInterval: Infinity }],
  ])('should refuse %s without sending anything', async (_name, options) => {
    const { ctx, mock } = setup();
    const values = await collect(changesFeed(ctx, 'todo', Todo, options));
    expect(values).toHaveLength(1);
    expectLeft(values[0] as Out, 'InvalidArgumentError');
    expect(mock.calls()).toHaveLength(0);
  });

  it('should refuse a bad bucket name without sending anything', async () => {
    const { ctx, mock } = setup();
    expectLeft(
      (await collect(changesFeed(ctx, '../x', Todo, {})))[0] as Out,
      'InvalidArgumentError',
    );
    expect(mock.calls()).toHaveLength(0);
  });
});
