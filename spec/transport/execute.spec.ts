import * as E from 'fp-ts/Either';
import { NEVER, firstValueFrom, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { networkError, timeoutError } from '../../lib/errors';
import type { ClientContext, RequestLogEvent } from '../../lib/transport/context';
import { execute, toHttpError } from '../../lib/transport/execute';
import type { HttpRequest, HttpResponse, Transport } from '../../lib/transport/types';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';

const SECRET = 'tok3n-s3cret';

const response = (overrides: Partial<HttpResponse> = {}): HttpResponse => ({
  status: 200,
  statusText: 'OK',
  headers: {},
  text: '',
  ...overrides,
});

/** A transport double answering every request with `answer`, recording the requests. */
const fakeTransport = (answer: HttpResponse = response()) => {
  const requests: HttpRequest[] = [];
  const transport: Transport = (req) => {
    requests.push(req);
    return of(E.right(answer));
  };
  return { transport, requests };
};

const context = (transport: Transport, log?: (e: RequestLogEvent) => void): ClientContext => ({
  baseUrl: 'https://api.test',
  appId: 'my-app',
  credentialHeaders: { 'x-simperium-token': SECRET },
  transport,
  timeout: 30_000,
  ...(log ? { log } : {}),
});

describe('execute', () => {
  it('should not call the transport before subscribe, and call it again on each subscription', async () => {
    const { transport, requests } = fakeTransport();
    const exchange$ = execute(context(transport), { method: 'GET', path: ['todo', 'index'] });
    expect(requests).toHaveLength(0);
    await collect(exchange$);
    await collect(exchange$);
    expect(requests).toHaveLength(2);
  });

  it('should build the request: URL under /1/{appId}, query, JSON body, headers and timeout', async () => {
    const { transport, requests } = fakeTransport();
    await collect(
      execute(context(transport), {
        method: 'POST',
        path: ['todo', 'i', 'a/b?c'],
        query: { clientid: 'rx-1', ccid: 'c1', response: true, replace: undefined },
        body: { text: 'hi' },
        headers: { 'x-extra': '1' },
      }),
    );
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'https://api.test/1/my-app/todo/i/a%2Fb%3Fc?clientid=rx-1&ccid=c1&response=1',
        headers: {
          'content-type': 'application/json',
          'x-extra': '1',
          'x-simperium-token': SECRET,
        },
        body: '{"text":"hi"}',
        timeout: 30_000,
      },
    ]);
  });

  it('should send no body and no content type without a body, and honour a per-request timeout', async () => {
    const { transport, requests } = fakeTransport();
    await collect(
      execute(context(transport), { method: 'GET', path: ['x'], timeout: 5, trailingSlash: true }),
    );
    expect(requests[0]).toEqual({
      method: 'GET',
      url: 'https://api.test/1/my-app/x/',
      headers: { 'x-simperium-token': SECRET },
      timeout: 5,
    });
  });

  it('should not let request headers override the credentials', async () => {
    const { transport, requests } = fakeTransport();
    await collect(
      execute(context(transport), {
        method: 'GET',
        path: ['x'],
        headers: { 'x-simperium-token': 'other' },
      }),
    );
    expect(requests[0]?.headers['x-simperium-token']).toBe(SECRET);
  });

  it('should emit Right with the request and the response for an accepted status', async () => {
    const answer = response({ status: 412, text: '' });
    const { transport } = fakeTransport(answer);
    const exchange = expectRight(
      await firstValueFrom(
        execute(context(transport), { method: 'POST', path: ['x'], accept: [200, 412] }),
      ),
    );
    expect(exchange).toEqual({
      request: { method: 'POST', url: 'https://api.test/1/my-app/x' },
      response: answer,
    });
  });

  it('should emit Left(HttpError) with the parsed JSON body for another status', async () => {
    const { transport } = fakeTransport(
      response({ status: 400, statusText: 'Bad Request', text: '{"error":"bad"}', headers: {} }),
    );
    const error = expectLeft(
      await firstValueFrom(execute(context(transport), { method: 'GET', path: ['x'] })),
      'HttpError',
    );
    expect(error).toEqual({
      _tag: 'HttpError',
      status: 400,
      statusText: 'Bad Request',
      method: 'GET',
      url: 'https://api.test/1/my-app/x',
      body: { error: 'bad' },
    });
    expect('retryAfter' in error).toBe(false);
  });

  it('should keep a text body as text and an empty body as undefined', async () => {
    const text = fakeTransport(response({ status: 401, text: 'invalid token' }));
    const empty = fakeTransport(response({ status: 500, text: '' }));
    const spec = { method: 'GET', path: ['x'] } as const;
    expect(
      expectLeft(await firstValueFrom(execute(context(text.transport), spec)), 'HttpError').body,
    ).toBe('invalid token');
    expect(
      expectLeft(await firstValueFrom(execute(context(empty.transport), spec)), 'HttpError').body,
    ).toBeUndefined();
  });

  it('should read Retry-After as milliseconds', () => {
    const ref = { method: 'GET', url: 'https://api.test/x' } as const;
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(
      toHttpError(ref, response({ status: 429, headers: { 'retry-after': '3' } }), now).retryAfter,
    ).toBe(3000);
    expect(
      toHttpError(
        ref,
        response({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' } }),
        now,
      ).retryAfter,
    ).toBe(10_000);
  });

  it('should pass a transport Left through', async () => {
    const failure = networkError({
      method: 'GET',
      url: 'https://api.test/1/my-app/x',
      message: 'reset',
      cause: null,
    });
    const transport: Transport = () => of(E.left(failure));
    expect(await collect(execute(context(transport), { method: 'GET', path: ['x'] }))).toEqual([
      E.left(failure),
    ]);
  });

  it('should emit Left(InvalidArgumentError) and send nothing when the body is not JSON-serialisable', async () => {
    const { transport, requests } = fakeTransport();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const body of [cyclic, { n: BigInt(1) }]) {
      const error = expectLeft(
        await firstValueFrom(execute(context(transport), { method: 'POST', path: ['x'], body })),
        'InvalidArgumentError',
      );
      expect(error.argument).toBe('data');
    }
    expect(requests).toHaveLength(0);
  });

  it('#12 should emit Left(InvalidArgumentError) and send nothing when the body holds a lone surrogate', async () => {
    const { transport, requests } = fakeTransport();
    for (const body of [{ text: 'a\ud800' }, { ['\udfffkey']: 1 }, { list: ['\udc00\ud800'] }]) {
      const error = expectLeft(
        await firstValueFrom(execute(context(transport), { method: 'POST', path: ['x'], body })),
        'InvalidArgumentError',
      );
      expect(error.argument).toBe('data');
    }
    expect(requests).toHaveLength(0);
    const fine = { emoji: '😀', escaped: '\\ud800 as text' };
    expectRight(
      await firstValueFrom(
        execute(context(transport), { method: 'POST', path: ['x'], body: fine }),
      ),
    );
    expect(requests.map((r) => r.body)).toEqual([JSON.stringify(fine)]);
  });

  describe('log', () => {
    it('should receive one event per request, without headers or secrets', async () => {
      const events: RequestLogEvent[] = [];
      const ok = fakeTransport(response({ status: 200 }));
      const notFound = fakeTransport(
        response({ status: 404, statusText: 'Not Found', text: 'missing' }),
      );
      const down: Transport = () =>
        of(
          E.left(
            networkError({
              method: 'GET',
              url: 'https://api.test/1/my-app/x',
              message: 'ECONNREFUSED',
              cause: null,
            }),
          ),
        );
      const spec = { method: 'GET', path: ['x'] } as const;
      await collect(
        execute(
          context(ok.transport, (e) => events.push(e)),
          spec,
        ),
      );
      await collect(
        execute(
          context(notFound.transport, (e) => events.push(e)),
          spec,
        ),
      );
      await collect(
        execute(
          context(down, (e) => events.push(e)),
          spec,
        ),
      );
      expect(events).toEqual([
        {
          method: 'GET',
          url: 'https://api.test/1/my-app/x',
          status: 200,
          durationMs: expect.any(Number),
        },
        {
          method: 'GET',
          url: 'https://api.test/1/my-app/x',
          status: 404,
          durationMs: expect.any(Number),
          error: 'HttpError 404 Not Found',
        },
        {
          method: 'GET',
          url: 'https://api.test/1/my-app/x',
          durationMs: expect.any(Number),
          error: 'NetworkError: ECONNREFUSED',
        },
      ]);
      expect(events.every((e) => e.durationMs >= 0)).toBe(true);
      expect(JSON.stringify(events)).not.toContain(SECRET);
    });

    it('should describe a timeout', async () => {
      const events: RequestLogEvent[] = [];
      const url = 'https://api.test/1/my-app/x';
      const transport: Transport = () =>
        of(E.left(timeoutError({ method: 'GET', url, timeout: 30_000 })));
      await collect(
        execute(
          context(transport, (e) => events.push(e)),
          { method: 'GET', path: ['x'] },
        ),
      );
      expect(events).toEqual([
        {
          method: 'GET',
          url,
          durationMs: expect.any(Number),
          error: 'TimeoutError after 30000 ms',
        },
      ]);
    });

    it('should report a request cancelled by unsubscribing, once', () => {
      const events: RequestLogEvent[] = [];
      const transport: Transport = () => NEVER;
      const sub = execute(
        context(transport, (e) => events.push(e)),
        { method: 'GET', path: ['x'] },
      ).subscribe();
      expect(events).toEqual([]);
      sub.unsubscribe();
      sub.unsubscribe();
      expect(events).toEqual([
        {
          method: 'GET',
          url: 'https://api.test/1/my-app/x',
          durationMs: expect.any(Number),
          error: 'cancelled',
        },
      ]);
    });

    it('should not report a cancellation after the answer', async () => {
      const log = jest.fn();
      const { transport } = fakeTransport();
      const sub = execute(context(transport, log), { method: 'GET', path: ['x'] }).subscribe();
      sub.unsubscribe();
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]?.[0]).toMatchObject({ status: 200 });
    });

    it('should log nothing for a request refused before sending', async () => {
      const log = jest.fn();
      const { transport } = fakeTransport();
      await collect(
        execute(context(transport, log), { method: 'POST', path: ['x'], body: { n: BigInt(1) } }),
      );
      expect(log).not.toHaveBeenCalled();
    });
  });

  it('should emit when the transport answers and unsubscribe from it when cancelled', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(
      ({ cold, expectObservable, expectSubscriptions }) => {
        const ok = response();
        const answer = cold('--a|', { a: E.right(ok) });
        const exchange = {
          request: { method: 'GET', url: 'https://api.test/1/my-app/x' },
          response: ok,
        };
        const spec = { method: 'GET', path: ['x'] } as const;
        expectObservable(
          execute(
            context(() => answer),
            spec,
          ),
        ).toBe('--b|', { b: E.right(exchange) });
        expectObservable(
          execute(
            context(() => answer),
            spec,
          ),
          '-!',
        ).toBe('--');
        expectSubscriptions(answer.subscriptions).toBe(['^--!', '^!']);
      },
    );
  });
});
