import { Readable } from 'node:stream';
import { aborted, describeError, redacting, untilStopped, writeLine } from '../../lib/cli/io';
import {
  changeError,
  decodeError,
  httpError,
  invalidArgumentError,
  networkError,
  protocolError,
  timeoutError,
  unknownCursorError,
} from '../../lib/errors';
import { textOutput } from '../support/cli-io';

const URL = 'http://127.0.0.1:9/1/app/todo/index';

describe('describeError', () => {
  it.each([
    [
      httpError({
        status: 401,
        statusText: 'Unauthorized',
        method: 'GET',
        url: URL,
        body: 'invalid token',
      }),
      `GET ${URL} answered 401 Unauthorized: invalid token`,
    ],
    [
      httpError({ status: 500, statusText: '', method: 'GET', url: URL, body: { long: 'x' } }),
      `GET ${URL} answered 500`,
    ],
    [
      networkError({ method: 'GET', url: URL, message: 'connect ECONNREFUSED', cause: undefined }),
      `cannot reach ${URL}: connect ECONNREFUSED`,
    ],
    [
      timeoutError({ method: 'GET', url: URL, timeout: 30000 }),
      `no answer from GET ${URL} within 30000 ms`,
    ],
    [decodeError({ messages: ['a', 'b'], id: 'x' }), 'unexpected answer for x: a; b'],
    [decodeError({ messages: ['a'] }), 'unexpected answer: a'],
    [protocolError({ message: 'the listing loops' }), 'the listing loops'],
    [
      changeError({ id: 'x', code: 404 }),
      'refused x: code 404 (no such object, or not visible to this user)',
    ],
    [changeError({ id: 'x', code: 499 }), 'refused x: code 499'],
    [invalidArgumentError('bucket', 'bad bucket'), 'bad bucket'],
    [
      unknownCursorError('abc', URL),
      'the server no longer knows the cursor abc: start again without --cv',
    ],
  ])('should describe %p in one line', (error, text) => {
    expect(describeError(error)).toBe(text);
  });

  it('should leave out a long body', () => {
    const body = 'x'.repeat(201);
    const error = httpError({
      status: 400,
      statusText: 'Bad Request',
      method: 'GET',
      url: URL,
      body,
    });
    expect(describeError(error)).toBe(`GET ${URL} answered 400 Bad Request`);
  });
});

describe('redacting', () => {
  it('should write [redacted] in place of each secret of 8 characters or more', () => {
    const out = textOutput(true, 120);
    const shown = redacting(out, ['s3cr3t-token', undefined, 'short']);
    writeLine(shown, 'a s3cr3t-token and s3cr3t-token, short');
    expect(out.text()).toBe('a [redacted] and [redacted], short\n');
    expect([shown.isTTY, shown.columns]).toEqual([true, 120]);
  });

  it('should hand back the output itself when there is nothing to hide', () => {
    const out = textOutput();
    expect(redacting(out, [undefined, 'short'])).toBe(out);
  });
});

describe('untilStopped', () => {
  it('should pass every item of a source that ends', async () => {
    const items: string[] = [];
    for await (const item of untilStopped(
      Readable.from(['a', 'b']),
      new AbortController().signal,
    )) {
      items.push(item as string);
    }
    expect(items).toEqual(['a', 'b']);
  });

  it('should end while waiting for an item that never comes, and release the source', async () => {
    const source = new Readable({ read: () => undefined });
    source.push('first');
    const controller = new AbortController();
    const items: unknown[] = [];
    for await (const item of untilStopped(source, controller.signal)) {
      items.push(String(item));
      setTimeout(() => controller.abort(), 10);
    }
    expect(items).toEqual(['first']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });

  it('should yield nothing once stopped', async () => {
    const controller = new AbortController();
    controller.abort();
    const items: unknown[] = [];
    for await (const item of untilStopped(Readable.from(['a']), controller.signal))
      items.push(item);
    expect(items).toEqual([]);
    await expect(aborted(controller.signal)).resolves.toBeUndefined();
  });
});
