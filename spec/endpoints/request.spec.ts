import * as t from 'io-ts';
import { request$ } from '../../lib/endpoints/request';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

describe('request$', () => {
  it('should send any request under /1/{appId}/ with the credentials, and decode the answer', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, body: { n: 1 } });
    const answer = expectRight(
      await single(
        request$(ctx, {
          method: 'POST',
          path: ['todo', 'i', 'a/b', 'v', '2'],
          query: { response: true, tags: ['x', 'y'] },
          body: { k: 'v' },
          codec: t.type({ n: t.number }),
        }),
      ),
    );
    expect(answer).toEqual({ n: 1 });
    const call = mock.onlyCall();
    expect(call.url).toBe(`${BASE}/1/my-app/todo/i/a%2Fb/v/2?response=1&tags=x&tags=y`);
    expect(call.method).toBe('POST');
    expect(call.body).toBe('{"k":"v"}');
    expect(call.headers['x-simperium-token']).toBeDefined();
  });

  it('should take an encoded string path as written, and read an empty answer as undefined', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 204 });
    expect(
      expectRight(await single(request$(ctx, { method: 'DELETE', path: 'todo/i/a%20b' }))),
    ).toBeUndefined();
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/i/a%20b`);
  });

  it('should give an HttpError for a status outside accept, and a DecodeError for an answer the codec refuses', async () => {
    const { ctx, mock } = apiContext();
    let n = 0;
    mock.fm.route('*', () =>
      n++ === 0 ? { status: 404, body: 'nope' } : { status: 200, body: [] },
    );
    expect(
      expectLeft(await single(request$(ctx, { method: 'GET', path: 'x' })), 'HttpError').status,
    ).toBe(404);
    expectLeft(
      await single(request$(ctx, { method: 'GET', path: 'x', codec: t.string })),
      'DecodeError',
    );
  });

  it.each([['../buckets'], ['a//b'], ['%zz'], [['ok', '..']]])(
    'should refuse the path %j without sending anything',
    async (path) => {
      const { ctx, mock } = apiContext();
      expect(
        expectLeft(await single(request$(ctx, { method: 'GET', path })), 'InvalidArgumentError')
          .argument,
      ).toBe('path');
      expect(mock.calls()).toHaveLength(0);
    },
  );
});
