import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Observable, firstValueFrom, take, toArray } from 'rxjs';
import { Api } from '../../lib/api';
import type { Change } from '../../lib/codecs/change';
import type { SimperiumError } from '../../lib/errors';
import { allFeed } from '../../lib/streams/all-feed';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { mockFetch } from '../support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';
const ALL = `${BASE}/1/my-app/todo/all`;

const Todo = t.type({ text: t.string, done: t.boolean }, 'Todo');
type Todo = t.TypeOf<typeof Todo>;

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

describe('allFeed', () => {
  it('should GET {bucket}/all with every option in the documented order', async () => {
    const { ctx, mock } = setup([{ status: 200, body: [change(1)] }]);
    await first(
      allFeed(ctx, 'todo', Todo, {
        cv: 'cv0',
        data: true,
        username: true,
        mostRecent: true,
        skipClientIds: ['a', 'b/c'],
        batch: 50,
      }),
      1,
    );
    expect(mock.calls()[0]?.url).toBe(
      `${ALL}?clientid=rx-test&cv=cv0&data=1&username=1&most_recent=1&skip_clientid=a&skip_clientid=b%2Fc&batch=50`,
    );
  });

  it('should send only clientid when no option is set', async () => {
    const { ctx, mock } = setup([{ status: 200, body: [change(1)] }]);
    await first(allFeed(ctx, 'todo', Todo, { data: false, skipClientIds: [] }), 1);
    expect(mock.calls()[0]?.url).toBe(`${ALL}?clientid=rx-test`);
  });

  it("should decode d with the bucket's codec and keep username", async () => {
    const wire = change(1, {
      id: 'u1/o1',
      username: 'joe@example.com',
      d: { text: 'x', done: true },
    });
    const { ctx, mock } = setup([
      { status: 200, body: [wire] },
      { status: 200, body: [{ ...wire, cv: 'cv2', d: { text: 1 } }] },
    ]);
    const values = await first(allFeed(ctx, 'todo', Todo, { data: true, username: true }), 2);
    expect(expectRight(values[0] as Out)).toEqual(wire);
    expectLeft(values[1] as Out, 'DecodeError');
    expect(mock.calls()).toHaveLength(2);
  });

  it('should carry on from the last cv, with the same options', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: [change(1)] },
      { status: 200, body: [change(2)] },
    ]);
    await first(allFeed(ctx, 'todo', Todo, { data: true, batch: 10 }), 2);
    expect(mock.calls().map((c) => c.url)).toEqual([
      `${ALL}?clientid=rx-test&data=1&batch=10`,
      `${ALL}?clientid=rx-test&cv=cv1&data=1&batch=10`,
    ]);
  });

  it.each<[string, object]>([
    ['batch 0', { batch: 0 }],
    ['batch 1001', { batch: 1001 }],
    ['a fractional batch', { batch: 1.5 }],
    ['an empty client id to skip', { skipClientIds: ['ok', ''] }],
  ])('should refuse %s without sending anything', async (_name, options) => {
    const { ctx, mock } = setup();
    const values = await collect(allFeed(ctx, 'todo', Todo, options));
    expect(values).toHaveLength(1);
    expectLeft(values[0] as Out, 'InvalidArgumentError');
    expect(mock.calls()).toHaveLength(0);
  });
});
