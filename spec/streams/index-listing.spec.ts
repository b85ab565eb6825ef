import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { take, tap } from 'rxjs';
import { Api } from '../../lib/api';
import type { IndexPage } from '../../lib/codecs/index-page';
import type { SimperiumError } from '../../lib/errors';
import { indexPages } from '../../lib/streams/index-listing';
import * as markAtEnd from '../../lib/streams/mark-at-end';
import type { RetryOptions } from '../../lib/transport/retry';
import { collect } from '../support/collect';
import { expectLeft } from '../support/either';
import { mockFetch } from '../support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';
const INDEX = `${BASE}/1/my-app/todo/index`;

const Todo = t.type({ text: t.string, done: t.boolean }, 'Todo');
type Todo = t.TypeOf<typeof Todo>;
type Out = E.Either<SimperiumError, IndexPage<Todo>>;

type Answer = { status: number; body?: unknown } | Promise<never>;

const setup = (answers: Answer[], retry?: Partial<RetryOptions>) => {
  const mock = mockFetch();
  let n = 0;
  mock.fm.route('*', () => answers[n++] ?? { status: 500 });
  const api = new Api('my-app', TOKEN, {
    baseUrl: BASE,
    fetch: mock.fetch,
    clientId: 'rx-test',
    ...(retry ? { retry } : {}),
  });
  return { ctx: api.context, mock };
};

const wirePage = (ids: string[], mark?: string) => ({
  current: 'cv9',
  index: ids.map((id) => ({ id, v: 1, d: { text: id, done: false } })),
  ...(mark ? { mark } : {}),
});
const page = (ids: string[], mark?: string): IndexPage<Todo> => ({
  current: 'cv9',
  index: ids.map((id) => ({ id, version: 1, data: { text: id, done: false } })),
  ...(mark ? { mark } : {}),
});

describe('indexPages', () => {
  it('should GET {bucket}/index with limit, mark, data and since, page after page', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: wirePage(['a', 'b'], 'm1') },
      { status: 200, body: wirePage(['c']) },
    ]);
    const pages$ = indexPages(ctx, 'todo', Todo, { limit: 2, data: true, since: 'cv0' });
    expect(mock.calls()).toHaveLength(0);
    const values = await collect(pages$);
    expect(values).toEqual([E.right(page(['a', 'b'], 'm1')), E.right(page(['c']))]);
    expect(mock.calls().map((c) => c.url)).toEqual([
      `${INDEX}?limit=2&data=1&since=cv0`,
      `${INDEX}?limit=2&mark=m1&data=1&since=cv0`,
    ]);
    expect(mock.calls()[0]?.headers['x-simperium-token']).toBe(TOKEN);
  });

  it('should send no query without options', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: { current: 'c', index: [{ id: 'a', v: 3 }] } },
    ]);
    expect(await collect(indexPages(ctx, 'todo', Todo, {}))).toEqual([
      E.right({ current: 'c', index: [{ id: 'a', version: 3 }] }),
    ]);
    expect(mock.onlyCall().url).toBe(INDEX);
  });

  it('should request no further page once unsubscribed', async () => {
    const { ctx, mock } = setup([{ status: 200, body: wirePage(['a'], 'm1') }]);
    await collect(indexPages(ctx, 'todo', Todo, {}).pipe(take(1)));
    expect(mock.calls()).toHaveLength(1);
  });

  it('should end with a Left(HttpError) page, without retrying by default', async () => {
    const { ctx, mock } = setup([{ status: 200, body: wirePage(['a'], 'm1') }, { status: 503 }]);
    const values = await collect(indexPages(ctx, 'todo', Todo, {}));
    expect(values).toHaveLength(2);
    expect(expectLeft(values[1] as Out, 'HttpError').status).toBe(503);
    expect(JSON.stringify(values)).not.toContain(TOKEN);
    expect(mock.calls()).toHaveLength(2);
  });

  it("should retry a page as the Api's retry option says", async () => {
    const { ctx, mock } = setup(
      [
        { status: 200, body: wirePage(['a'], 'm1') },
        { status: 503 },
        { status: 502 },
        { status: 200, body: wirePage(['b']) },
      ],
      { count: 2, initialDelay: 1, jitter: 0 },
    );
    expect(await collect(indexPages(ctx, 'todo', Todo, {}))).toEqual([
      E.right(page(['a'], 'm1')),
      E.right(page(['b'])),
    ]);
    expect(mock.calls().map((c) => c.url)).toEqual([
      INDEX,
      `${INDEX}?mark=m1`,
      `${INDEX}?mark=m1`,
      `${INDEX}?mark=m1`,
    ]);
  });

  it("should let the call's retry option override the Api's", async () => {
    const { ctx, mock } = setup([{ status: 500 }, { status: 200, body: wirePage(['a']) }]);
    const values = await collect(
      indexPages(ctx, 'todo', Todo, { retry: { count: 1, initialDelay: 1 } }),
    );
    expect(values).toEqual([E.right(page(['a']))]);
    expect(mock.calls()).toHaveLength(2);
  });

  it('should set aside a document the codec refuses and go on to the next page', async () => {
    const { ctx } = setup([
      {
        status: 200,
        body: {
          current: 'c',
          index: [
            { id: 'a', v: 1, d: { text: 1 } },
            { id: 'b', v: 1, d: { text: 'b', done: true } },
          ],
          mark: 'm',
        },
      },
      { status: 200, body: wirePage(['c']) },
    ]);
    const values = await collect(indexPages(ctx, 'todo', Todo, { data: true }));
    expect(values).toHaveLength(2);
    const first = values[0] as E.Right<IndexPage<Todo>>;
    expect(first.right.index.map((e) => e.id)).toEqual(['b']);
    const error = first.right.invalid?.[0]?.error;
    expect(error).toMatchObject({ _tag: 'DecodeError', id: 'a', url: `${INDEX}?data=1` });
    expect(values[1]).toEqual(E.right(page(['c'])));
  });

  it('should end with Left(DecodeError) when an answer is not a page at all', async () => {
    const { ctx, mock } = setup([{ status: 200, body: [{ id: 'a', v: 1 }] }]);
    const values = await collect(indexPages(ctx, 'todo', Todo, { data: true }));
    expect(values).toHaveLength(1);
    expect(expectLeft(values[0] as Out, 'DecodeError').url).toBe(`${INDEX}?data=1`);
    expect(mock.calls()).toHaveLength(1);
  });

  it.each<[string, object]>([
    ['limit 0', { limit: 0 }],
    ['a fractional limit', { limit: 2.5 }],
    ['an empty since', { since: '' }],
  ])('should refuse %s without sending anything', async (_name, options) => {
    const { ctx, mock } = setup([]);
    const values = await collect(indexPages(ctx, 'todo', Todo, options));
    expect(values).toHaveLength(1);
    expectLeft(values[0] as Out, 'InvalidArgumentError');
    expect(mock.calls()).toHaveLength(0);
  });

  it('should, with prefetch: 1, read the same pages, asking for the next before emitting each', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: wirePage(['a', 'b'], 'm1') },
      { status: 200, body: wirePage(['c', 'd'], 'm2') },
      { status: 200, body: wirePage(['e']) },
    ]);
    const requestsAt: number[] = [];
    const values = await collect(
      indexPages(ctx, 'todo', Todo, { limit: 2, data: true, prefetch: 1 }).pipe(
        tap(() => requestsAt.push(mock.calls().length)),
      ),
    );
    expect(values).toEqual([
      E.right(page(['a', 'b'], 'm1')),
      E.right(page(['c', 'd'], 'm2')),
      E.right(page(['e'])),
    ]);
    // when each page is emitted, the request for the next one has already been sent
    expect(requestsAt).toEqual([2, 3, 3]);
  });

  it('should, with prefetch: 1, read a page whose mark is not its last member', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: { mark: 'm1', ...wirePage(['a', 'b']) } },
      { status: 200, body: wirePage(['c']) },
    ]);
    const values = await collect(indexPages(ctx, 'todo', Todo, { limit: 2, prefetch: 1 }));
    expect(values).toEqual([E.right(page(['a', 'b'], 'm1')), E.right(page(['c']))]);
    expect(mock.calls()).toHaveLength(2);
  });

  it('should, with prefetch: 1, end with a DecodeError on a page that is not JSON, whatever its end says', async () => {
    const { ctx, mock } = setup([
      { status: 200, body: '{"current":"cv9","index":[oops],"mark":"m1"}' },
      { status: 200, body: wirePage(['c']) },
    ]);
    const values = await collect(indexPages(ctx, 'todo', Todo, { limit: 2, prefetch: 1 }));
    expect(values).toHaveLength(1);
    expect(expectLeft(values[0] as Out, 'DecodeError').messages[0]).toContain('Invalid JSON');
    expect(mock.calls().map((c) => c.url)).toEqual([
      `${INDEX}?limit=2`,
      `${INDEX}?limit=2&mark=m1`,
    ]);
  });

  it('should, with prefetch: 1, end with a ProtocolError if the mark read early is not the page mark', async () => {
    const spy = jest.spyOn(markAtEnd, 'markAtEnd').mockReturnValue('elsewhere');
    try {
      const { ctx } = setup([{ status: 200, body: wirePage(['a', 'b'], 'm1') }]);
      const values = await collect(indexPages(ctx, 'todo', Todo, { limit: 2, prefetch: 1 }));
      expect(expectLeft(values[0] as Out, 'ProtocolError').message).toContain('mark');
    } finally {
      spy.mockRestore();
    }
  });

  it('should refuse a prefetch other than 0 or 1', async () => {
    const { ctx, mock } = setup([]);
    const values = await collect(indexPages(ctx, 'todo', Todo, { prefetch: 2 as 1 }));
    expect(expectLeft(values[0] as Out, 'InvalidArgumentError').argument).toBe('prefetch');
    expect(mock.calls()).toHaveLength(0);
  });
});
