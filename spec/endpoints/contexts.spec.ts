import { createApiContext, createAuthContext } from '../../lib/endpoints/contexts';
import { isInvalidArgumentError } from '../../lib/errors';
import { defaultOneShotRetry } from '../../lib/transport/retry';

describe('createApiContext', () => {
  it('should default the base URL, a random client id and the one-shot retry policy', () => {
    const ctx = createApiContext('my-app', 'token-1');
    expect(ctx.baseUrl).toBe('https://api.simperium.com');
    expect(ctx.clientId).toMatch(/^rx-[0-9a-f]{32}$/);
    expect(createApiContext('my-app', 'token-1').clientId).not.toBe(ctx.clientId);
    expect(ctx.retry).toEqual(defaultOneShotRetry);
    expect({ ...ctx.credentialHeaders }).toEqual({ 'x-simperium-token': 'token-1' });
  });

  it('should merge the retry options over the defaults and send the user id when acting as one', () => {
    const ctx = createApiContext('my-app', 'admin-key', {
      clientId: 'worker-1',
      userId: 'u123',
      retry: { count: 3 },
    });
    expect(ctx.clientId).toBe('worker-1');
    expect(ctx.retry).toEqual({ ...defaultOneShotRetry, count: 3 });
    expect({ ...ctx.credentialHeaders }).toEqual({
      'x-simperium-token': 'admin-key',
      'x-simperium-user': 'u123',
    });
  });

  it.each<[string, () => unknown, string]>([
    ['a token with a space', () => createApiContext('app', 'tok en'), 'token'],
    ['an empty user id', () => createApiContext('app', 'tok', { userId: '' }), 'userId'],
    [
      'a client id with a space',
      () => createApiContext('app', 'tok', { clientId: 'a b' }),
      'clientId',
    ],
    ['a bad app id', () => createApiContext('my app', 'tok'), 'appId'],
  ])('should throw an InvalidArgumentException for %s', (_name, make, argument) => {
    let thrown: unknown;
    try {
      make();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(isInvalidArgumentError(thrown) && thrown.argument).toBe(argument);
  });
});

describe('createAuthContext', () => {
  it('should default to the auth host and carry the key in its header', () => {
    const ctx = createAuthContext('my-app', 'key-1');
    expect(ctx.baseUrl).toBe('https://auth.simperium.com');
    expect({ ...ctx.credentialHeaders }).toEqual({ 'x-simperium-api-key': 'key-1' });
    expect(JSON.stringify(ctx)).not.toContain('key-1');
  });

  it('should refuse a key that cannot travel in a header, without repeating it', () => {
    expect(() => createAuthContext('my-app', 'k\ney')).toThrow(
      expect.objectContaining({
        argument: 'apiKey',
        message: expect.not.stringContaining('k\ney'),
      }),
    );
  });
});
