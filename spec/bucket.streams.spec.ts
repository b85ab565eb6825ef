import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { expectTypeOf } from 'expect-type';
import { firstValueFrom, take, toArray } from 'rxjs';
import { Api } from '../lib/api';
import type { Change } from '../lib/codecs/change';
import type { IndexEntry, IndexPage } from '../lib/codecs/index-page';
import type { SimperiumError } from '../lib/errors';
import type { ObservableEither } from '../lib/observable-either';
import { collect } from './support/collect';
import { mockFetch } from './support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';

const Todo = t.type({ text: t.string, done: t.boolean }, 'Todo');
type Todo = t.TypeOf<typeof Todo>;

/** A bucket of `total` objects served by index pages of `limit` whose marks are positions. */
const indexRoute = (total: number) => (url: string) => {
  const params = new URL(url).searchParams;
  const limit = Number(params.get('limit') ?? 100);
  const start = Number(params.get('mark') ?? 0);
  const end = Math.min(total, start + limit);
  const index = [];
  for (let i = start; i < end; i++) index.push({ id: `o${i}`, v: 1 });
  return {
    status: 200,
    body: { current: 'cv9', index, ...(end < total ? { mark: String(end) } : {}) },
  };
};

const setup = () => {
  const mock = mockFetch();
  const api = new Api('my-app', TOKEN, {
    baseUrl: BASE,
    fetch: mock.fetch,
    clientId: 'rx-test',
    retry: { initialDelay: 1, jitter: 0 },
  });
  return { todo: api.bucket('todo', Todo), mock };
};

describe('Bucket streams', () => {
  describe('changes$', () => {
    it('should send GET /1/{app}/{bucket}/changes?clientid=…&cv=…', async () => {
      const { todo, mock } = setup();
      mock.fm.route('*', { status: 200, body: [{ id: 'a', cv: 'cv1', o: '-', ev: 2 }] });
      const values = await firstValueFrom(todo.changes$({ cv: 'abc' }).pipe(take(1), toArray()));
      expect(values).toEqual([E.right({ id: 'a', cv: 'cv1', o: '-', ev: 2 })]);
      expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/changes?clientid=rx-test&cv=abc`);
    });

    it('should retry by default, although one-shot calls do not', async () => {
      const { todo, mock } = setup();
      let n = 0;
      mock.fm.route('*', () =>
        n++ === 0 ? { status: 503 } : { status: 200, body: [{ id: 'a', cv: 'c', o: 'M' }] },
      );
      const values = await firstValueFrom(todo.changes$().pipe(take(1), toArray()));
      expect(values).toEqual([E.right({ id: 'a', cv: 'c', o: 'M' })]);
      expect(mock.calls()).toHaveLength(2);
    });

    it('should be typed by the bucket codec', () => {
      const { todo } = setup();
      expectTypeOf(todo.changes$()).toEqualTypeOf<ObservableEither<SimperiumError, Change<Todo>>>();
      expectTypeOf(todo.all$()).toEqualTypeOf<ObservableEither<SimperiumError, Change<Todo>>>();
      expectTypeOf(todo.index$()).toEqualTypeOf<
        ObservableEither<SimperiumError, IndexEntry<Todo>>
      >();
      expectTypeOf(todo.indexPages$()).toEqualTypeOf<
        ObservableEither<SimperiumError, IndexPage<Todo>>
      >();
    });
  });

  describe('all$', () => {
    it('should send GET /1/{app}/{bucket}/all with data, username, most_recent, skip_clientid and batch', async () => {
      const { todo, mock } = setup();
      mock.fm.route('*', {
        status: 200,
        body: [
          {
            id: 'u/a',
            cv: 'cv1',
            o: 'M',
            username: 'joe@example.com',
            d: { text: 'x', done: false },
          },
        ],
      });
      const values = await firstValueFrom(
        todo
          .all$({
            cv: 'abc',
            data: true,
            username: true,
            mostRecent: true,
            skipClientIds: ['a', 'b'],
            batch: 20,
          })
          .pipe(take(1), toArray()),
      );
      expect(values).toEqual([
        E.right({
          id: 'u/a',
          cv: 'cv1',
          o: 'M',
          username: 'joe@example.com',
          d: { text: 'x', done: false },
        }),
      ]);
      expect(mock.onlyCall().url).toBe(
        `${BASE}/1/my-app/todo/all?clientid=rx-test&cv=abc&data=1&username=1&most_recent=1&skip_clientid=a&skip_clientid=b&batch=20`,
      );
    });
  });

  describe('index$', () => {
    it('should send exactly 3 requests for take(250) with limit 100', async () => {
      const { todo, mock } = setup();
      mock.fm.route('*', ({ url }) => indexRoute(1000)(url));
      const entries = await collect(todo.index$({ limit: 100 }).pipe(take(250)));
      expect(entries).toHaveLength(250);
      expect(entries[249]).toEqual(E.right({ id: 'o249', version: 1 }));
      expect(mock.calls().map((c) => c.url)).toEqual([
        `${BASE}/1/my-app/todo/index?limit=100`,
        `${BASE}/1/my-app/todo/index?limit=100&mark=100`,
        `${BASE}/1/my-app/todo/index?limit=100&mark=200`,
      ]);
    });

    it('should emit every entry and complete after the last page', async () => {
      const { todo, mock } = setup();
      mock.fm.route('*', ({ url }) => indexRoute(5)(url));
      const entries = await collect(todo.index$({ limit: 2 }));
      expect(entries.map((e) => E.isRight(e) && e.right.id)).toEqual([
        'o0',
        'o1',
        'o2',
        'o3',
        'o4',
      ]);
      expect(mock.calls()).toHaveLength(3);
    });
  });

  describe('indexPages$', () => {
    it('should emit the pages with current and mark', async () => {
      const { todo, mock } = setup();
      mock.fm.route('*', ({ url }) => indexRoute(3)(url));
      const pages = await collect(todo.indexPages$({ limit: 2, data: false }));
      expect(pages).toEqual([
        E.right({
          current: 'cv9',
          index: [
            { id: 'o0', version: 1 },
            { id: 'o1', version: 1 },
          ],
          mark: '2',
        }),
        E.right({ current: 'cv9', index: [{ id: 'o2', version: 1 }] }),
      ]);
    });
  });
});
