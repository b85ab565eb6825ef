import * as E from 'fp-ts/Either';
import { expectTypeOf } from 'expect-type';
import * as t from 'io-ts';
import { inspect } from 'node:util';
import { Api, type ApiOptions } from '../lib/api';
import type { Bucket } from '../lib/bucket';
import type { GetResult } from '../lib/endpoints/object-types';
import type { JsonObject } from '../lib/codecs/json-object';
import type { SimperiumError } from '../lib/errors';
import type { ObservableEither } from '../lib/observable-either';
import type { RequestLogEvent } from '../lib/transport/context';
import { collect, single } from './support/collect';
import { expectLeft, expectRight } from './support/either';
import { mockFetch } from './support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const ADMIN_KEY = 'adm0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';

const setup = (token = TOKEN, options: ApiOptions = {}) => {
  const mock = mockFetch();
  const events: RequestLogEvent[] = [];
  const api = new Api('my-app', token, {
    baseUrl: BASE,
    fetch: mock.fetch,
    log: (e) => events.push(e),
    ...options,
  });
  return { api, mock, events };
};

const versioned = (body: unknown) => ({
  status: 200,
  body: body as object,
  headers: { 'X-Simperium-Version': '1' },
});

describe('Api', () => {
  describe('constructor', () => {
    it('should send nothing and leave its options untouched', () => {
      const mock = mockFetch();
      const options = Object.freeze({ baseUrl: BASE, fetch: mock.fetch, clientId: 'rx-1' });
      new Api('my-app', TOKEN, options);
      expect(mock.calls()).toHaveLength(0);
      expect(options).toEqual({ baseUrl: BASE, fetch: mock.fetch, clientId: 'rx-1' });
    });

    it('should use https://api.simperium.com and an rx- client id by default', async () => {
      const mock = mockFetch();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      await collect(new Api('my-app', TOKEN, { fetch: mock.fetch }).bucket('todo').post$('a', {}));
      const url = new URL(mock.onlyCall().url);
      expect(url.origin + url.pathname).toBe('https://api.simperium.com/1/my-app/todo/i/a');
      expect(url.searchParams.get('clientid')).toMatch(/^rx-[0-9a-f]{32}$/);
    });

    it('should keep one client id for all its requests', async () => {
      const { api, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      await collect(api.bucket('a').post$('x', {}));
      await collect(api.bucket('b').delete$('x'));
      const [first, second] = mock.calls().map((c) => new URL(c.url).searchParams.get('clientid'));
      expect(first).toBe(second);
    });

    it('should refuse http to a remote host unless allowInsecureHttp is set', () => {
      expect(() => new Api('my-app', TOKEN, { baseUrl: 'http://api.test' })).toThrow(TypeError);
      expect(
        () => new Api('my-app', TOKEN, { baseUrl: 'http://api.test', allowInsecureHttp: true }),
      ).not.toThrow();
      expect(() => new Api('my-app', TOKEN, { baseUrl: 'http://localhost:8080' })).not.toThrow();
    });

    it('should refuse a bad token without quoting it, and a bad client id', () => {
      expect(() => new Api('my-app', `${TOKEN} x`)).toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.not.stringContaining(TOKEN) }),
      );
      expect(() => new Api('my-app', '')).toThrow(TypeError);
      expect(() => new Api('my-app', TOKEN, { clientId: 'a b' })).toThrow(TypeError);
      expect(() => new Api('', TOKEN)).toThrow(TypeError);
    });

    it('should never show the token when printed', () => {
      const { api } = setup();
      expect(JSON.stringify(api)).not.toContain(TOKEN);
      expect(inspect(api, { depth: 10 })).not.toContain(TOKEN);
    });
  });

  describe('bucket', () => {
    it('should send nothing', () => {
      const { api, mock } = setup();
      api.bucket('todo');
      expect(mock.calls()).toHaveLength(0);
    });

    it('should decode any JSON object by default', async () => {
      const { api, mock } = setup();
      mock.fm.route('*', versioned({ any: ['thing', 1] }));
      expect(expectRight(await single(api.bucket('todo').get$('x'))).data).toEqual({
        any: ['thing', 1],
      });
    });

    it('should refuse a JSON array by default', async () => {
      const { api, mock } = setup();
      mock.fm.route('*', versioned([1, 2]));
      expectLeft(await single(api.bucket('todo').get$('x')), 'DecodeError');
    });

    it('should type its buckets by the codec', () => {
      const { api } = setup();
      const Todo = t.type({ text: t.string });
      expectTypeOf(api.bucket('a')).toEqualTypeOf<Bucket<JsonObject>>();
      expectTypeOf(api.bucket('a', Todo)).toEqualTypeOf<Bucket<{ text: string }>>();
      expectTypeOf(api.bucket('a', Todo).get$('x')).toEqualTypeOf<
        ObservableEither<SimperiumError, GetResult<{ text: string }>>
      >();
      expectTypeOf(api.buckets$()).toEqualTypeOf<ObservableEither<SimperiumError, string[]>>();
    });
  });

  describe('buckets$', () => {
    it('should GET /1/{appId}/buckets and emit the names', async () => {
      const { api, mock } = setup(ADMIN_KEY);
      mock.fm.route('*', { buckets: [{ name: 'todo' }, { name: 'notes' }] });
      const call$ = api.buckets$();
      expect(mock.calls()).toHaveLength(0);
      expect(await collect(call$)).toEqual([E.right(['todo', 'notes'])]);
      const sent = mock.onlyCall();
      expect(sent.method).toBe('GET');
      expect(sent.url).toBe(`${BASE}/1/my-app/buckets`);
      expect(sent.headers).toEqual({ 'x-simperium-token': ADMIN_KEY });
      expect(sent.body).toBeUndefined();
    });

    it.each([400, 401, 404, 409, 412, 500])(
      'should emit Left(HttpError) for status %d',
      async (status) => {
        const { api, mock, events } = setup(ADMIN_KEY);
        mock.fm.route('*', { status, body: 'no' });
        const error = expectLeft(await single(api.buckets$()), 'HttpError');
        expect(error).toMatchObject({
          status,
          method: 'GET',
          url: `${BASE}/1/my-app/buckets`,
          body: 'no',
        });
        expect(JSON.stringify([error, events])).not.toContain(ADMIN_KEY);
      },
    );

    it.each([['{"buckets":[{"title":"x"}]}'], ['[]'], ['nope'], ['']])(
      'should emit Left(DecodeError) for the body %j',
      async (body) => {
        const { api, mock } = setup(ADMIN_KEY);
        mock.fm.route('*', { status: 200, body });
        const error = expectLeft(await single(api.buckets$()), 'DecodeError');
        expect(JSON.stringify(error)).not.toContain(ADMIN_KEY);
      },
    );

    it('should send nothing when unsubscribed at once, and abort a request in flight', async () => {
      const { api, mock } = setup(ADMIN_KEY);
      let called = (): void => undefined;
      const sent = new Promise<void>((resolve) => (called = resolve));
      mock.fm.route('*', () => {
        called();
        return new Promise<number>(() => undefined);
      });
      api.buckets$().subscribe().unsubscribe();
      const subscription = api.buckets$().subscribe();
      await sent;
      subscription.unsubscribe();
      expect(mock.onlyCall().signal?.aborted).toBe(true);
    });
  });

  describe('asUser', () => {
    it('should send X-Simperium-User with the same key and client id', async () => {
      const { api, mock } = setup(ADMIN_KEY, { clientId: 'rx-admin' });
      mock.fm.route('*', versioned({ a: 1 }));
      await collect(api.asUser('user-1').bucket('todo').post$('x', {}, { ccid: 'c' }));
      await collect(api.bucket('todo').get$('x'));
      const [asUser, asAdmin] = mock.calls();
      expect(asUser?.headers).toEqual({
        'x-simperium-token': ADMIN_KEY,
        'x-simperium-user': 'user-1',
        'content-type': 'application/json',
      });
      expect(asUser?.url).toBe(`${BASE}/1/my-app/todo/i/x?clientid=rx-admin&ccid=c`);
      expect(asAdmin?.headers).toEqual({ 'x-simperium-token': ADMIN_KEY });
    });

    it('should accept userId as an option too', async () => {
      const { api, mock } = setup(ADMIN_KEY, { userId: 'user-2' });
      mock.fm.route('*', versioned({}));
      await collect(api.bucket('todo').get$('x'));
      expect(mock.onlyCall().headers['x-simperium-user']).toBe('user-2');
    });

    it('should throw a TypeError for a user id that cannot travel in a header', () => {
      const { api } = setup(ADMIN_KEY);
      expect(() => api.asUser('')).toThrow(TypeError);
      expect(() => api.asUser('a\r\nX-Evil: 1')).toThrow(TypeError);
    });
  });

  describe('retry option', () => {
    /** Answers 503 to the first `failures` requests, then the bucket list. */
    const flaky = (failures: number, options: ApiOptions = {}) => {
      const { api, mock } = setup(ADMIN_KEY, options);
      let n = 0;
      mock.fm.route('*', () =>
        n++ < failures ? { status: 503 } : { buckets: [{ name: 'todo' }] },
      );
      return { api, mock };
    };

    it('should not retry one-shot calls by default', async () => {
      const { api, mock } = flaky(1);
      expect(expectLeft(await single(api.buckets$()), 'HttpError').status).toBe(503);
      expect(mock.calls()).toHaveLength(1);
    });

    it('should retry one-shot calls up to retry.count times', async () => {
      const { api, mock } = flaky(2, { retry: { count: 2, initialDelay: 1, jitter: 0 } });
      expect(await collect(api.buckets$())).toEqual([E.right(['todo'])]);
      expect(mock.calls()).toHaveLength(3);
    });

    it('should emit the last Left once retry.count is used up', async () => {
      const { api, mock } = flaky(5, { retry: { count: 1, initialDelay: 1 } });
      expect(expectLeft(await single(api.buckets$()), 'HttpError').status).toBe(503);
      expect(mock.calls()).toHaveLength(2);
    });

    it('should keep the retry option in asUser', async () => {
      const { api, mock } = flaky(1, { retry: { count: 1, initialDelay: 1 } });
      await collect(api.asUser('user1').buckets$());
      expect(mock.calls()).toHaveLength(2);
    });
  });
});
