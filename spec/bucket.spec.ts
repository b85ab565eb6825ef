import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { inspect } from 'node:util';
import type { Observable } from 'rxjs';
import { Api } from '../lib/api';
import type { Bucket } from '../lib/bucket';
import type { SimperiumError } from '../lib/errors';
import type { RequestLogEvent } from '../lib/transport/context';
import { collect, single } from './support/collect';
import { expectLeft, expectRight } from './support/either';
import { mockFetch } from './support/mock-fetch';

const TOKEN = 'tok0123456789abcdef0123456789abcd';
const BASE = 'https://api.test';
const OBJECT = `${BASE}/1/my-app/todo/i/abc`;

const Todo = t.type({ text: t.string, done: t.boolean }, 'Todo');
type Todo = t.TypeOf<typeof Todo>;
const todoDoc: Todo = { text: 'Write the docs', done: false };

const setup = (name = 'todo') => {
  const mock = mockFetch();
  const events: RequestLogEvent[] = [];
  const api = new Api('my-app', TOKEN, {
    baseUrl: BASE,
    fetch: mock.fetch,
    clientId: 'rx-test',
    log: (e) => events.push(e),
  });
  return { bucket: api.bucket(name, Todo), mock, events };
};

/** The query parameters of a recorded URL, in order. */
const query = (url: string): [string, string][] => [...new URL(url).searchParams.entries()];
const pathOf = (url: string): string => url.split('?')[0] ?? '';

const expectNoToken = (value: unknown): void => {
  expect(JSON.stringify(value)).not.toContain(TOKEN);
};

type Call = (b: Bucket<Todo>) => Observable<E.Either<SimperiumError, unknown>>;

/** Every endpoint with its method and path for the object `abc`. */
const endpoints: ReadonlyArray<[string, Call, string, string]> = [
  ['post$', (b) => b.post$('abc', { done: true }), 'POST', OBJECT],
  ['set$', (b) => b.set$('abc', { done: true }), 'POST', OBJECT],
  ['get$', (b) => b.get$('abc'), 'GET', OBJECT],
  ['delete$', (b) => b.delete$('abc'), 'DELETE', OBJECT],
  [
    'share$',
    (b) => b.share$('abc', 'joe@example.com'),
    'POST',
    `${OBJECT}/share/joe%40example.com`,
  ],
];

describe('Bucket', () => {
  describe.each(endpoints)('%s', (_name, call, method, url) => {
    it('should send nothing before subscribe, and the token only in X-Simperium-Token', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '1' } });
      const call$ = call(bucket);
      expect(mock.calls()).toHaveLength(0);
      expectRight(await single(call$));
      const sent = mock.onlyCall();
      expect(sent.method).toBe(method);
      expect(pathOf(sent.url)).toBe(url);
      expect(sent.headers['x-simperium-token']).toBe(TOKEN);
      expect(sent.url).not.toContain(TOKEN);
    });

    it.each([400, 401, 404, 500, 503])(
      'should emit Left(HttpError) for status %d',
      async (status) => {
        const { bucket, mock, events } = setup();
        mock.fm.route('*', { status, body: { error: 'nope' } });
        const error = expectLeft(await single(call(bucket)), 'HttpError');
        expect(error).toMatchObject({ status, method, body: { error: 'nope' } });
        expect(pathOf(error.url)).toBe(url);
        expectNoToken(error);
        expectNoToken(events);
      },
    );

    it('should emit Left(NetworkError) when the request fails', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { throws: new TypeError('fetch failed') });
      expectNoToken(expectLeft(await single(call(bucket)), 'NetworkError'));
    });

    it('should abort the request when unsubscribed', () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', new Promise<number>(() => undefined));
      call(bucket).subscribe().unsubscribe();
      expect(mock.onlyCall().signal?.aborted).toBe(true);
    });
  });

  describe('post$', () => {
    it('should POST the JSON document with clientid and a generated ccid', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '4' } });
      const result = expectRight(await single(bucket.post$('abc', { done: true })));
      expect(result).toEqual({ id: 'abc', version: 4, changed: true });
      const sent = mock.onlyCall();
      expect(sent.headers).toEqual({
        'x-simperium-token': TOKEN,
        'content-type': 'application/json',
      });
      expect(sent.body).toBe('{"done":true}');
      const params = query(sent.url);
      expect(params.map(([k]) => k)).toEqual(['clientid', 'ccid']);
      expect(params[0]).toEqual(['clientid', 'rx-test']);
      expect(params[1]?.[1]).toMatch(/^[0-9a-f]{32}$/);
    });

    it('should send version, ccid, response and replace as asked', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '4' } });
      await collect(
        bucket.post$('abc', todoDoc, { version: 3, ccid: 'c-1', response: true, replace: true }),
      );
      expect(mock.onlyCall().url).toBe(
        `${OBJECT}/v/3?clientid=rx-test&ccid=c-1&response=1&replace=1`,
      );
    });

    it('should decode the resulting document with response: true', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '2' } });
      expect(
        await collect(bucket.post$('abc', { text: 'Write the docs' }, { response: true })),
      ).toEqual([E.right({ id: 'abc', version: 2, changed: true, data: todoDoc })]);
    });

    it('should emit Left(DecodeError) when the resulting document does not match the codec', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', {
        status: 200,
        body: { text: 5 },
        headers: { 'X-Simperium-Version': '2' },
      });
      const error = expectLeft(
        await single(bucket.post$('abc', {}, { response: true })),
        'DecodeError',
      );
      expect(error.messages.join('\n')).toContain('Todo/text: string');
    });

    it('should emit Left(DecodeError) for a non-JSON body with response: true', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: 'oops' });
      expectLeft(await single(bucket.post$('abc', {}, { response: true })), 'DecodeError');
    });

    it('should emit changed: false on 412 (nothing changed)', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 412, headers: { 'X-Simperium-Version': '4' } });
      expect(expectRight(await single(bucket.post$('abc', todoDoc, { response: true })))).toEqual({
        id: 'abc',
        version: 4,
        changed: false,
      });
    });

    it('should treat 409 (ccid already applied) as a write that happened', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 409, body: 'duplicate ccid' });
      expect(expectRight(await single(bucket.post$('abc', todoDoc)))).toEqual({
        id: 'abc',
        changed: true,
      });
    });

    it('should emit Left(DecodeError) for a malformed X-Simperium-Version', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': 'two' } });
      expectLeft(await single(bucket.post$('abc', todoDoc)), 'DecodeError');
    });

    it('should re-send the same ccid when re-subscribed, and a new one per call', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      const write$ = bucket.post$('abc', todoDoc);
      await collect(write$);
      await collect(write$);
      await collect(bucket.post$('abc', todoDoc));
      const ccids = mock.calls().map((c) => new URL(c.url).searchParams.get('ccid'));
      expect(ccids[0]).toBe(ccids[1]);
      expect(ccids[2]).not.toBe(ccids[0]);
    });

    it('should not mutate the data or the options', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      const data = Object.freeze({ ...todoDoc });
      const options = Object.freeze({ version: 1, response: false });
      await collect(bucket.post$('abc', data, options));
      expect(data).toEqual(todoDoc);
      expect(options).toEqual({ version: 1, response: false });
    });

    it('should refuse an invalid ccid, sending nothing', async () => {
      const { bucket, mock } = setup();
      const error = expectLeft(
        await single(bucket.post$('abc', todoDoc, { ccid: 'a b' })),
        'InvalidArgumentError',
      );
      expect(error.argument).toBe('ccid');
      expect(mock.calls()).toHaveLength(0);
    });

    it('should refuse data that is not JSON-serialisable, sending nothing', async () => {
      const { bucket, mock } = setup();
      const data = { text: 'x', done: BigInt(1) } as unknown as Todo;
      expectLeft(await single(bucket.post$('abc', data)), 'InvalidArgumentError');
      expect(mock.calls()).toHaveLength(0);
    });
  });

  describe('set$', () => {
    it('should send the same request as post$', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      await collect(bucket.set$('abc', todoDoc, { ccid: 'c-1', replace: true }));
      await collect(bucket.post$('abc', todoDoc, { ccid: 'c-1', replace: true }));
      const [set, post] = mock.calls();
      expect(set).toEqual({ ...post, signal: set?.signal });
    });
  });

  describe('new$', () => {
    it('should POST the document under a fresh uuid hex id and emit that id', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      const id = expectRight(await single(bucket.new$(todoDoc, { ccid: 'c-9' })));
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      const sent = mock.onlyCall();
      expect(sent.method).toBe('POST');
      expect(sent.url).toBe(`${BASE}/1/my-app/todo/i/${id}?clientid=rx-test&ccid=c-9`);
      expect(JSON.parse(sent.body ?? '')).toEqual(todoDoc);
    });

    it('should keep its id and ccid when re-subscribed', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '1' } });
      const new$ = bucket.new$(todoDoc);
      const first = await single(new$);
      const second = await single(new$);
      expect(first).toEqual(second);
      const [a, b] = mock.calls();
      expect(a?.url).toBe(b?.url);
    });

    it('should pass a failure through', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', 401);
      expectLeft(await single(bucket.new$(todoDoc)), 'HttpError');
    });
  });

  describe('get$', () => {
    it('should GET the object without query, body or content type and emit { id, version, data }', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '3' } });
      expect(await collect(bucket.get$('abc'))).toEqual([
        E.right({ id: 'abc', version: 3, data: todoDoc }),
      ]);
      const sent = mock.onlyCall();
      expect(sent.url).toBe(OBJECT);
      expect(sent.headers).toEqual({ 'x-simperium-token': TOKEN });
      expect(sent.body).toBeUndefined();
    });

    it('should read a given version', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '1' } });
      expectRight(await single(bucket.get$('abc', { version: 1 })));
      expect(mock.onlyCall().url).toBe(`${OBJECT}/v/1`);
    });

    it('should emit Left(DecodeError) when X-Simperium-Version is missing', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc });
      const error = expectLeft(await single(bucket.get$('abc')), 'DecodeError');
      expect(error.messages).toEqual(['Missing X-Simperium-Version header']);
    });

    it.each([['{"text":1}'], ['[]'], ['not json'], ['']])(
      'should emit Left(DecodeError) for the body %j',
      async (body) => {
        const { bucket, mock } = setup();
        mock.fm.route('*', { status: 200, body, headers: { 'X-Simperium-Version': '1' } });
        const error = expectLeft(await single(bucket.get$('abc')), 'DecodeError');
        expect(error.url).toBe(OBJECT);
        expectNoToken(error);
      },
    );

    it.each([409, 412])('should emit Left(HttpError) for status %d', async (status) => {
      const { bucket, mock } = setup();
      mock.fm.route('*', status);
      expect(expectLeft(await single(bucket.get$('abc')), 'HttpError').status).toBe(status);
    });
  });

  describe('delete$', () => {
    it('should DELETE with clientid and ccid and emit { id, version }', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '5' } });
      expect(await collect(bucket.delete$('abc', { version: 4, ccid: 'c-2' }))).toEqual([
        E.right({ id: 'abc', version: 5 }),
      ]);
      const sent = mock.onlyCall();
      expect(sent.url).toBe(`${OBJECT}/v/4?clientid=rx-test&ccid=c-2`);
      expect(sent.headers).toEqual({ 'x-simperium-token': TOKEN });
      expect(sent.body).toBeUndefined();
    });

    it('should emit { id } without a version header, and treat 409 as done', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', 409);
      expect(expectRight(await single(bucket.delete$('abc')))).toEqual({ id: 'abc' });
      expect(query(mock.onlyCall().url)[1]?.[1]).toMatch(/^[0-9a-f]{32}$/);
    });

    it('should emit Left(HttpError) for 412 (the version is not current)', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 412, body: 'version is not current' });
      expect(
        expectLeft(await single(bucket.delete$('abc', { version: 1 })), 'HttpError').status,
      ).toBe(412);
    });

    it('should emit Left(DecodeError) for a malformed X-Simperium-Version', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '-1' } });
      expectLeft(await single(bucket.delete$('abc')), 'DecodeError');
    });
  });

  describe('share$', () => {
    it('should POST {"write_access": false} by default and emit undefined', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', 200);
      expect(await collect(bucket.share$('abc', 'joe@example.com', { ccid: 'c-3' }))).toEqual([
        E.right(undefined),
      ]);
      const sent = mock.onlyCall();
      expect(sent.url).toBe(`${OBJECT}/share/joe%40example.com?clientid=rx-test&ccid=c-3`);
      expect(sent.headers).toEqual({
        'x-simperium-token': TOKEN,
        'content-type': 'application/json',
      });
      expect(sent.body).toBe('{"write_access":false}');
    });

    it('should grant write access when asked, and treat 409 as done', async () => {
      const { bucket, mock } = setup();
      mock.fm.route('*', 409);
      expectRight(await single(bucket.share$('abc', 'joe@example.com', { writeAccess: true })));
      expect(mock.onlyCall().body).toBe('{"write_access":true}');
    });

    it.each([412])('should emit Left(HttpError) for status %d', async (status) => {
      const { bucket, mock } = setup();
      mock.fm.route('*', status);
      expectLeft(await single(bucket.share$('abc', 'joe@example.com')), 'HttpError');
    });
  });

  describe('ids', () => {
    it.each([
      ['ü 😀', '%C3%BC%20%F0%9F%98%80'],
      ['owner123/item1', 'owner123%2Fitem1'],
      ['a?b#c', 'a%3Fb%23c'],
      ['x%2F..', 'x%252F..'],
      ['...', '...'],
    ])('should percent-encode the id %j as one path segment', async (id, encoded) => {
      const { bucket, mock } = setup();
      mock.fm.route('*', { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '1' } });
      expect(expectRight(await single(bucket.get$(id))).id).toBe(id);
      expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/i/${encoded}`);
    });
  });

  describe('invalid arguments', () => {
    const calls: ReadonlyArray<[string, Call]> = [
      ['new$', (b) => b.new$(todoDoc)],
      ['post$', (b) => b.post$('abc', todoDoc)],
      ['get$', (b) => b.get$('abc')],
      ['delete$', (b) => b.delete$('abc')],
      ['share$', (b) => b.share$('abc', 'joe@example.com')],
    ];

    it.each(calls)(
      '%s should refuse an invalid bucket name, sending nothing',
      async (_name, call) => {
        for (const name of ['', 'a/b', '..', 'x'.repeat(65), 'ü']) {
          const { bucket, mock } = setup(name);
          expect(expectLeft(await single(call(bucket)), 'InvalidArgumentError').argument).toBe(
            'bucket',
          );
          expect(mock.calls()).toHaveLength(0);
        }
      },
    );

    const badIds = ['', '..', '.', 'a/b/c', '/a', 'a\nb', 'x'.repeat(257), '\uD800'];
    const byId: ReadonlyArray<
      [string, (b: Bucket<Todo>, id: string) => Observable<E.Either<SimperiumError, unknown>>]
    > = [
      ['post$', (b, id) => b.post$(id, todoDoc)],
      ['get$', (b, id) => b.get$(id)],
      ['delete$', (b, id) => b.delete$(id)],
      ['share$', (b, id) => b.share$(id, 'joe@example.com')],
    ];

    it.each(byId)('%s should refuse invalid ids, sending nothing', async (_name, call) => {
      for (const id of badIds) {
        const { bucket, mock } = setup();
        expect(expectLeft(await single(call(bucket, id)), 'InvalidArgumentError').argument).toBe(
          'id',
        );
        expect(mock.calls()).toHaveLength(0);
      }
    });

    it.each([0, -1, 1.5, NaN])('should refuse the version %p, sending nothing', async (version) => {
      const { bucket, mock } = setup();
      for (const call$ of [
        bucket.get$('abc', { version }),
        bucket.post$('abc', {}, { version }),
        bucket.delete$('abc', { version }),
      ]) {
        expect(expectLeft(await single(call$), 'InvalidArgumentError').argument).toBe('version');
      }
      expect(mock.calls()).toHaveLength(0);
    });

    it.each([[''], ['a\r\nb'], ['..']])(
      'share$ should refuse the username %j, sending nothing',
      async (username) => {
        const { bucket, mock } = setup();
        expect(
          expectLeft(await single(bucket.share$('abc', username)), 'InvalidArgumentError').argument,
        ).toBe('username');
        expect(mock.calls()).toHaveLength(0);
      },
    );
  });

  it('should never show the token when printed', () => {
    const { bucket } = setup();
    expect(JSON.stringify(bucket)).not.toContain(TOKEN);
    expect(inspect(bucket, { depth: 10 })).not.toContain(TOKEN);
  });

  it('should expose its name and codec', () => {
    const { bucket } = setup('notes');
    expect(bucket.name).toBe('notes');
    expect(bucket.codec).toBe(Todo);
  });

  describe('retry option', () => {
    const retrying = (
      answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>,
    ) => {
      const mock = mockFetch();
      let n = 0;
      mock.fm.route('*', () => answers[n++] ?? { status: 500 });
      const api = new Api('my-app', TOKEN, {
        baseUrl: BASE,
        fetch: mock.fetch,
        clientId: 'rx-test',
        retry: { count: 3, initialDelay: 1, jitter: 0 },
      });
      return { bucket: api.bucket('todo', Todo), mock };
    };

    it('should retry a read on 503 and 429, then emit its result', async () => {
      const { bucket, mock } = retrying([
        { status: 503 },
        { status: 429, headers: { 'Retry-After': '0' } },
        { status: 200, body: todoDoc, headers: { 'X-Simperium-Version': '2' } },
      ]);
      expect(await collect(bucket.get$('abc'))).toEqual([
        E.right({ id: 'abc', version: 2, data: todoDoc }),
      ]);
      expect(mock.calls()).toHaveLength(3);
    });

    it('should re-send the same ccid when it retries a write, and take 409 as applied', async () => {
      const { bucket, mock } = retrying([{ status: 502 }, { status: 409 }]);
      expect(expectRight(await single(bucket.post$('abc', { done: true })))).toMatchObject({
        id: 'abc',
        changed: true,
      });
      const [firstTry, secondTry] = mock.calls();
      expect(secondTry?.url).toBe(firstTry?.url);
      expect(query(firstTry?.url ?? '').find(([k]) => k === 'ccid')?.[1]).toMatch(/^[0-9a-f]{32}$/);
    });

    it('should not retry statuses retrying cannot fix', async () => {
      const { bucket, mock } = retrying([{ status: 404 }]);
      expect(expectLeft(await single(bucket.delete$('abc')), 'HttpError').status).toBe(404);
      expect(mock.calls()).toHaveLength(1);
    });
  });
});
