import * as t from 'io-ts';
import { JsonObject } from '../../lib/codecs/json-object';
import { getObject$ } from '../../lib/endpoints/get-object';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

const Todo = t.type({ text: t.string });

describe('getObject$', () => {
  it('should GET the object and decode it with the codec given', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', {
      status: 200,
      body: { text: 'hi' },
      headers: { 'X-Simperium-Version': '3' },
    });
    const got = expectRight(await single(getObject$(ctx, 'todo', Todo, 'a1')));
    expect(got).toEqual({ id: 'a1', version: 3, data: { text: 'hi' } });
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/i/a1`);
  });

  it('should GET a version when asked', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, body: {}, headers: { 'X-Simperium-Version': '2' } });
    expectRight(await single(getObject$(ctx, 'todo', JsonObject, 'a1', { version: 2 })));
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/i/a1/v/2`);
  });

  it('should send nothing for an invalid id', async () => {
    const { ctx, mock } = apiContext();
    expectLeft(await single(getObject$(ctx, 'todo', JsonObject, '')), 'InvalidArgumentError');
    expect(mock.calls()).toHaveLength(0);
  });
});
