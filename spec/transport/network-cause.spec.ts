import { createServer } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { Api } from '../../lib';
import { readCause } from '../../lib/transport/network-cause';

const describeCause = (cause: unknown): string => readCause(cause).message;
const causeCode = (cause: unknown): string | undefined => readCause(cause).code;
import { expectLeft } from '../support/either';

const withCause = (message: string, cause: unknown): Error => new Error(message, { cause });
const systemError = (message: string, code: string): Error =>
  Object.assign(new Error(message), { code });

describe('readCause', () => {
  it("should join a failure's message with those of the errors it wraps", () => {
    const cause = withCause(
      'fetch failed',
      systemError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED'),
    );
    expect(describeCause(cause)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:8080');
    expect(causeCode(cause)).toBe('ECONNREFUSED');
  });

  it('should read an AggregateError cause (one error per address tried) by its code', () => {
    const aggregate = Object.assign(
      new AggregateError([
        systemError('connect ECONNREFUSED ::1:8080', 'ECONNREFUSED'),
        systemError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED'),
      ]),
      { code: 'ECONNREFUSED' },
    );
    expect(describeCause(withCause('fetch failed', aggregate))).toBe('fetch failed: ECONNREFUSED');
    expect(causeCode(withCause('fetch failed', aggregate))).toBe('ECONNREFUSED');
  });

  it('should not repeat a message a wrapper copied from its cause', () => {
    const inner = systemError('getaddrinfo ENOTFOUND example.invalid', 'ENOTFOUND');
    expect(describeCause(withCause(inner.message, inner))).toBe(
      'getaddrinfo ENOTFOUND example.invalid',
    );
    expect(causeCode(withCause('x', inner))).toBe('ENOTFOUND');
  });

  it('should read failures and causes that are not errors', () => {
    expect(describeCause('socket hang up')).toBe('socket hang up');
    expect(describeCause(undefined)).toBe('network failure');
    expect(describeCause({})).toBe('network failure');
    expect(describeCause(withCause('fetch failed', 'other side closed'))).toBe(
      'fetch failed: other side closed',
    );
    const a: { message: string; cause?: unknown } = { message: 'a' };
    a.cause = a;
    expect(describeCause(a)).toBe('a');
    expect(causeCode(a)).toBeUndefined();
    expect(causeCode({ code: 'not-a-system-code' })).toBeUndefined();
  });
});

describe('NetworkError from a real refused connection', () => {
  it('should name the refused address in a message that survives JSON.stringify', async () => {
    const probe = createServer();
    await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((closed) => probe.close(() => closed()));

    const api = new Api('app', 'token', { baseUrl: `http://127.0.0.1:${port}` });
    const error = expectLeft(await firstValueFrom(api.bucket('b').get$('x')), 'NetworkError');
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(error.code).toBe('ECONNREFUSED');
    const json = JSON.parse(JSON.stringify(error)) as { message: string; code: string };
    expect(json.message).toBe(error.message);
    expect(json.code).toBe('ECONNREFUSED');
  });
});
