import * as E from 'fp-ts/Either';
import { firstValueFrom } from 'rxjs';
import type { Either } from 'fp-ts/Either';
import type { NetworkError, TimeoutError } from '../../lib/errors';
import {
  request,
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
} from '../../lib/transport/request';
import type { HttpRequest, HttpResponse } from '../../lib/transport/types';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { mockFetch } from '../support/mock-fetch';

type Result = Either<NetworkError | TimeoutError, HttpResponse>;

const req = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url: 'https://api.example.test/1/app/todo/i/a',
  headers: { 'x-simperium-token': 'secret-token' },
  timeout: 1000,
  ...overrides,
});

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

const deferred = <T>(): Deferred<T> => {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** A response whose headers arrive at once and whose body is the given promise. */
const fakeResponse = (body: Promise<string>, status = 200): FetchResponseLike => ({
  status,
  statusText: 'OK',
  headers: { forEach: (cb) => cb('3', 'X-Simperium-Version') },
  text: () => body,
});

/** A fetch double that records its calls and answers with `answer(call index)`. */
const fakeFetch = (answer: (i: number) => Promise<FetchResponseLike>) => {
  const calls: { url: string; init: FetchInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return answer(calls.length - 1);
  };
  return { fetch, calls };
};

describe('request', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should not call fetch before subscribe', () => {
    const { fetch, calls } = fakeFetch(() => new Promise(() => undefined));
    request(fetch)(req());
    expect(calls).toHaveLength(0);
  });

  it('should emit one Right with status, lower-cased headers and the whole body, then complete', async () => {
    const mock = mockFetch();
    mock.fm.route('https://api.example.test/1/app/todo/i/a', {
      status: 200,
      body: '{"a":1}',
      headers: { 'X-Simperium-Version': '7', 'Content-Type': 'application/json' },
    });
    const results = await collect(request(mock.fetch)(req()));
    expect(results).toHaveLength(1);
    const response = expectRight(results[0] as Result);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.text).toBe('{"a":1}');
    expect(response.headers['x-simperium-version']).toBe('7');
    expect(response.headers['content-type']).toBe('application/json');
    expect(Object.keys(response.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('should emit a Right for an error status, leaving status handling to the caller', async () => {
    const mock = mockFetch();
    mock.fm.route('*', { status: 404, body: 'not found' });
    const response = expectRight(await firstValueFrom(request(mock.fetch)(req())));
    expect(response.status).toBe(404);
    expect(response.text).toBe('not found');
  });

  it('should pass the method, url, headers, body and an AbortSignal to fetch', async () => {
    const mock = mockFetch();
    mock.fm.route('*', 200);
    await collect(request(mock.fetch)(req({ method: 'POST', body: '{"x":1}' })));
    const call = mock.onlyCall();
    expect(call.url).toBe('https://api.example.test/1/app/todo/i/a');
    expect(call.method).toBe('POST');
    expect(call.headers).toEqual({ 'x-simperium-token': 'secret-token' });
    expect(call.body).toBe('{"x":1}');
    expect(call.signal).toBeInstanceOf(AbortSignal);
  });

  it('should not send a body when the request has none', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(fakeResponse(Promise.resolve(''))));
    await collect(request(fetch)(req()));
    expect('body' in (calls[0]?.init ?? {})).toBe(false);
  });

  it('should abort the signal given to fetch when unsubscribed before the answer', () => {
    const { fetch, calls } = fakeFetch(() => new Promise(() => undefined));
    const out: Result[] = [];
    const sub = request(fetch)(req()).subscribe((r) => out.push(r));
    const signal = calls[0]?.init.signal;
    expect(signal?.aborted).toBe(false);
    sub.unsubscribe();
    expect(signal?.aborted).toBe(true);
    expect(out).toEqual([]);
  });

  it('should abort a body read in progress when unsubscribed', async () => {
    const headersArrived = deferred<void>();
    const { fetch, calls } = fakeFetch(() => {
      headersArrived.resolve();
      return Promise.resolve(fakeResponse(new Promise(() => undefined)));
    });
    const out: Result[] = [];
    const sub = request(fetch)(req()).subscribe((r) => out.push(r));
    await headersArrived.promise;
    sub.unsubscribe();
    expect(calls[0]?.init.signal.aborted).toBe(true);
    expect(out).toEqual([]);
  });

  it('should abort a fetch-mock request in flight and emit nothing', async () => {
    const mock = mockFetch();
    const never = deferred<number>();
    mock.fm.route('*', never.promise);
    const out: Result[] = [];
    const sub = request(mock.fetch)(req()).subscribe((r) => out.push(r));
    sub.unsubscribe();
    expect(mock.onlyCall().signal?.aborted).toBe(true);
    never.resolve(200);
    await mock.fm.callHistory.flush();
    expect(out).toEqual([]);
  });

  it('should give every subscription its own AbortController', () => {
    const { fetch, calls } = fakeFetch(() => new Promise(() => undefined));
    const request$ = request(fetch)(req());
    const first = request$.subscribe();
    const second = request$.subscribe();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.init.signal).not.toBe(calls[1]?.init.signal);
    first.unsubscribe();
    expect(calls[0]?.init.signal.aborted).toBe(true);
    expect(calls[1]?.init.signal.aborted).toBe(false);
    second.unsubscribe();
  });

  it('should send the request again on every subscription', async () => {
    const mock = mockFetch();
    mock.fm.route('*', 200);
    const request$ = request(mock.fetch)(req());
    await collect(request$);
    await collect(request$);
    expect(mock.calls()).toHaveLength(2);
  });

  it('should not abort once the answer has been emitted', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(fakeResponse(Promise.resolve('ok'))));
    const results = await collect(request(fetch)(req()));
    expect(expectRight(results[0] as Result).text).toBe('ok');
    expect(calls[0]?.init.signal.aborted).toBe(false);
  });

  it('should not abort when the subscriber unsubscribes inside its own next handler', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(fakeResponse(Promise.resolve('ok'))));
    const done = deferred<Result>();
    const sub = request(fetch)(req()).subscribe((r) => {
      sub.unsubscribe();
      done.resolve(r);
    });
    expectRight(await done.promise);
    expect(calls[0]?.init.signal.aborted).toBe(false);
  });

  it('should emit Left(TimeoutError) and abort when the body has not ended within the timeout', async () => {
    jest.useFakeTimers();
    const { fetch, calls } = fakeFetch(() =>
      Promise.resolve(fakeResponse(new Promise(() => undefined))),
    );
    const out: Result[] = [];
    let completed = false;
    request(fetch)(req({ timeout: 1000 })).subscribe({
      next: (r) => out.push(r),
      complete: () => (completed = true),
    });
    await jest.advanceTimersByTimeAsync(999);
    expect(out).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(out).toHaveLength(1);
    const error = expectLeft(out[0] as Result, 'TimeoutError');
    expect(error).toEqual({
      _tag: 'TimeoutError',
      method: 'GET',
      url: 'https://api.example.test/1/app/todo/i/a',
      timeout: 1000,
    });
    expect(completed).toBe(true);
    expect(calls[0]?.init.signal.aborted).toBe(true);
  });

  it('should time out a real ReadableStream body that never closes', async () => {
    jest.useFakeTimers();
    const mock = mockFetch();
    mock.fm.route(
      '*',
      () => new Response(new ReadableStream<Uint8Array>({ start: () => undefined })),
    );
    const out: Result[] = [];
    request(mock.fetch)(req({ timeout: 50 })).subscribe((r) => out.push(r));
    await jest.advanceTimersByTimeAsync(50);
    expectLeft(out[0] as Result, 'TimeoutError');
    expect(mock.onlyCall().signal?.aborted).toBe(true);
  });

  it('should clear its timer when the answer arrives', async () => {
    jest.useFakeTimers();
    const { fetch } = fakeFetch(() => Promise.resolve(fakeResponse(Promise.resolve('ok'))));
    const out: Result[] = [];
    request(fetch)(req({ timeout: 1000 })).subscribe((r) => out.push(r));
    await jest.advanceTimersByTimeAsync(0);
    expect(out).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should set no timer for an infinite timeout', () => {
    jest.useFakeTimers();
    const { fetch } = fakeFetch(() => new Promise(() => undefined));
    const sub = request(fetch)(req({ timeout: Infinity })).subscribe();
    expect(jest.getTimerCount()).toBe(0);
    sub.unsubscribe();
  });

  it('should emit Left(NetworkError) when fetch rejects', async () => {
    const mock = mockFetch();
    mock.fm.route('*', { throws: new TypeError('connection refused') });
    const error = expectLeft(await firstValueFrom(request(mock.fetch)(req())), 'NetworkError');
    expect(error.message).toBe('connection refused');
    expect(error.method).toBe('GET');
    expect(error.url).toBe('https://api.example.test/1/app/todo/i/a');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('should emit Left(NetworkError) when the body read fails', async () => {
    const { fetch } = fakeFetch(() =>
      Promise.resolve(fakeResponse(Promise.reject(new Error('socket hang up')))),
    );
    const error = expectLeft(await firstValueFrom(request(fetch)(req())), 'NetworkError');
    expect(error.message).toBe('socket hang up');
  });

  it('should emit Left(NetworkError), not an error notification, when fetch throws synchronously', async () => {
    const fetch: FetchLike = () => {
      throw 'bad fetch';
    };
    const error = expectLeft(await firstValueFrom(request(fetch)(req())), 'NetworkError');
    expect(error.message).toBe('bad fetch');
  });

  it('should not mutate the request, and should pass fetch a fresh headers object', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(fakeResponse(Promise.resolve(''))));
    const headers = Object.freeze({ 'x-simperium-token': 'secret-token' });
    const original = Object.freeze(req({ headers, method: 'POST', body: '{}' }));
    const snapshot = JSON.parse(JSON.stringify(original)) as unknown;
    await collect(request(fetch)(original));
    expect(original).toEqual(snapshot);
    expect(calls[0]?.init.headers).toEqual(headers);
    expect(calls[0]?.init.headers).not.toBe(headers);
  });

  it('should emit exactly one value per subscription, even when the answer races the timeout', async () => {
    jest.useFakeTimers();
    const body = deferred<string>();
    const { fetch } = fakeFetch(() => Promise.resolve(fakeResponse(body.promise)));
    const out: Result[] = [];
    request(fetch)(req({ timeout: 10 })).subscribe((r) => out.push(r));
    await jest.advanceTimersByTimeAsync(10);
    body.resolve('late');
    await jest.advanceTimersByTimeAsync(0);
    expect(out).toHaveLength(1);
    expect(E.isLeft(out[0] as Result)).toBe(true);
  });
});
