import * as t from 'io-ts';
import { postMany$ } from '../../lib/endpoints/post-many';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

const Todo = t.type({ text: t.string, done: t.boolean });

/** A server that records each bulk request and answers each change as recorded. */
const recording = () => {
  const { ctx, mock } = apiContext();
  const bodies: Array<Array<Record<string, unknown>>> = [];
  mock.fm.route('*', (call) => {
    const changes = JSON.parse(String(call.options.body)) as Array<Record<string, unknown>>;
    bodies.push(changes);
    return { status: 200, body: changes.map((c, i) => ({ id: c.id, ev: i + 1, ccids: [c.ccid] })) };
  });
  return { ctx, mock, bodies };
};

describe('postMany$', () => {
  it('should POST {bucket}/changes?wait=1 with a replace as d and a merge as one r per key', async () => {
    const { ctx, mock, bodies } = recording();
    const results = await collect(
      postMany$(ctx, 'todo', Todo, [
        { id: 'a', data: { text: 'x', done: false }, replace: true },
        { id: 'b', data: { done: true }, version: 3 },
      ]),
    );
    expect(results.map(expectRight)).toEqual([
      { id: 'a', version: 1, changed: true },
      { id: 'b', version: 2, changed: true },
    ]);
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/changes?clientid=rx-test&wait=1`);
    const [a, b] = bodies[0] ?? [];
    expect(a).toEqual({
      id: 'a',
      o: 'M',
      d: { text: 'x', done: false },
      ccid: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(b).toEqual({
      id: 'b',
      o: 'M',
      v: { done: { o: 'r', v: true } },
      sv: 3,
      ccid: expect.any(String),
    });
  });

  it('should cut the entries into requests by count and by size, and answer in input order', async () => {
    const { ctx, bodies } = recording();
    const entries = Array.from({ length: 7 }, (_, i) => ({
      id: `o${i}`,
      data: { text: i === 3 ? 'x'.repeat(300) : 't', done: false },
      replace: true,
    }));
    const results = await collect(
      postMany$(ctx, 'todo', Todo, entries, { chunkLength: 3, chunkBytes: 400 }),
    );
    expect(results.map((r) => expectRight(r).id)).toEqual(entries.map((e) => e.id));
    expect(bodies.map((b) => b.map((c) => c['id']))).toEqual([
      ['o0', 'o1', 'o2'],
      ['o3'],
      ['o4', 'o5', 'o6'],
    ]);
  });

  it('should send the same ccids on every subscription', async () => {
    const { ctx, bodies } = recording();
    const write$ = postMany$(ctx, 'todo', Todo, [{ id: 'a', data: { done: true } }]);
    await collect(write$);
    await collect(write$);
    expect(bodies[0]?.[0]?.['ccid']).toBe(bodies[1]?.[0]?.['ccid']);
  });

  it('should read a refused change as a ChangeError, and 409 and 412 as post$ reads them', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', {
      status: 200,
      body: [
        { id: 'a', ccids: [], error: 404 },
        { id: 'b', ccids: [], error: 409 },
        { id: 'c', ccids: [], error: 412 },
      ],
    });
    const [a, b, c] = await collect(
      postMany$(
        ctx,
        'todo',
        Todo,
        ['a', 'b', 'c'].map((id) => ({ id, data: { done: true } })),
      ),
    );
    expect(expectLeft(a!, 'ChangeError')).toEqual({ _tag: 'ChangeError', id: 'a', code: 404 });
    expect(expectRight(b!)).toEqual({ id: 'b', changed: true });
    expect(expectRight(c!)).toEqual({ id: 'c', changed: false });
  });

  it('should give a failed request to its entries and to every entry not sent, and send no more', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 401 });
    const results = await collect(
      postMany$(
        ctx,
        'todo',
        Todo,
        ['a', 'b', 'c'].map((id) => ({ id, data: { done: true } })),
        { chunkLength: 1 },
      ),
    );
    expect(results.map((r) => expectLeft(r, 'HttpError').status)).toEqual([401, 401, 401]);
    expect(mock.calls()).toHaveLength(1);
  });

  it('should give an answer missing a result a ProtocolError', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, body: [] });
    expectLeft(
      (await collect(postMany$(ctx, 'todo', Todo, [{ id: 'a', data: {} }])))[0]!,
      'ProtocolError',
    );
  });

  it.each<[string, unknown[], object]>([
    ['an invalid id', [{ id: '', data: {} }], {}],
    ['an invalid version', [{ id: 'a', data: {}, version: 0 }], {}],
    ['a chunk length of 0', [{ id: 'a', data: {} }], { chunkLength: 0 }],
  ])(
    'should refuse %s with one InvalidArgumentError, sending nothing',
    async (_n, entries, options) => {
      const { ctx, mock } = apiContext();
      const results = await collect(postMany$(ctx, 'todo', Todo, entries as never, options));
      expect(results).toHaveLength(1);
      expectLeft(results[0]!, 'InvalidArgumentError');
      expect(mock.calls()).toHaveLength(0);
    },
  );
});
