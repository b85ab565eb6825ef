import * as t from 'io-ts';
import { newObject$, postObject$ } from '../../lib/endpoints/post-object';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext, queryOf } from '../support/endpoint-context';

const Todo = t.type({ text: t.string, done: t.boolean });

describe('postObject$', () => {
  it('should POST the data with clientid and a ccid fixed for every subscription', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '2' } });
    const write$ = postObject$(ctx, 'todo', Todo, 'a1', { done: true });
    expect(expectRight(await single(write$))).toEqual({ id: 'a1', version: 2, changed: true });
    expectRight(await single(write$));
    const [first, second] = mock.calls();
    expect(first?.url.split('?')[0]).toBe(`${BASE}/1/my-app/todo/i/a1`);
    expect(first?.body).toBe('{"done":true}');
    const ccid = new URL(first?.url ?? '').searchParams.get('ccid');
    expect(ccid).toMatch(/^[0-9a-f]{32}$/);
    expect(queryOf(second?.url ?? '')).toEqual([
      ['clientid', 'rx-test'],
      ['ccid', ccid],
    ]);
  });

  it('should send the options and decode the resulting document', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', {
      status: 200,
      body: { text: 'x', done: true },
      headers: { 'X-Simperium-Version': '5' },
    });
    const result = expectRight(
      await single(
        postObject$(
          ctx,
          'todo',
          Todo,
          'a1',
          { text: 'x', done: true },
          {
            version: 4,
            replace: true,
            response: true,
            ccid: 'c-1',
          },
        ),
      ),
    );
    expect(result).toEqual({
      id: 'a1',
      version: 5,
      changed: true,
      data: { text: 'x', done: true },
    });
    expect(mock.onlyCall().url).toBe(
      `${BASE}/1/my-app/todo/i/a1/v/4?clientid=rx-test&ccid=c-1&response=1&replace=1`,
    );
  });

  it('should send nothing for an invalid ccid or version', async () => {
    const { ctx, mock } = apiContext();
    const bad = (options: object) => single(postObject$(ctx, 'todo', Todo, 'a1', {}, options));
    expect(expectLeft(await bad({ ccid: 'a b' }), 'InvalidArgumentError').argument).toBe('ccid');
    expect(expectLeft(await bad({ version: 0 }), 'InvalidArgumentError').argument).toBe('version');
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('newObject$', () => {
  it('should POST the whole document under a new id, the same on every subscription', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200 });
    const created$ = newObject$(ctx, 'todo', Todo, { text: 'x', done: false });
    const id = expectRight(await single(created$));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(expectRight(await single(created$))).toBe(id);
    expect(mock.calls().map((c) => c.url.split('?')[0])).toEqual([
      `${BASE}/1/my-app/todo/i/${id}`,
      `${BASE}/1/my-app/todo/i/${id}`,
    ]);
  });

  it('should use the ccid given', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200 });
    expectRight(
      await single(newObject$(ctx, 'todo', Todo, { text: 'x', done: false }, { ccid: 'k' })),
    );
    expect(new URL(mock.onlyCall().url).searchParams.get('ccid')).toBe('k');
  });
});
