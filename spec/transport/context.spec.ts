import { inspect } from 'node:util';
import { clientContext, redactedHeaders } from '../../lib/transport/context';
import { mockFetch } from '../support/mock-fetch';

const SECRET = 'tok3n-s3cret';

describe('clientContext', () => {
  const fetch = mockFetch().fetch;

  it('should normalise the base URL and default the timeout to 30 s', () => {
    const ctx = clientContext(
      'my-app',
      { 'x-simperium-token': SECRET },
      { fetch },
      'https://api.test/',
    );
    expect(ctx.baseUrl).toBe('https://api.test');
    expect(ctx.appId).toBe('my-app');
    expect(ctx.timeout).toBe(30_000);
    expect(ctx.log).toBeUndefined();
    expect({ ...ctx.credentialHeaders }).toEqual({ 'x-simperium-token': SECRET });
  });

  it('should take the base URL, timeout and log from the options without mutating them', () => {
    const log = jest.fn();
    const options = Object.freeze({ baseUrl: 'http://127.0.0.1:9', timeout: 5, log, fetch });
    const ctx = clientContext('app', {}, options, 'https://api.test');
    expect(ctx.baseUrl).toBe('http://127.0.0.1:9');
    expect(ctx.timeout).toBe(5);
    expect(ctx.log).toBe(log);
  });

  it.each([[''], ['my app'], ['app/x'], ['..']])(
    'should throw a TypeError for the app id %j',
    (appId) => {
      expect(() => clientContext(appId, {}, { fetch }, 'https://api.test')).toThrow(TypeError);
    },
  );

  it.each([[0], [-1], [NaN]])('should throw a TypeError for the timeout %p', (timeout) => {
    expect(() => clientContext('app', {}, { fetch, timeout }, 'https://api.test')).toThrow(
      TypeError,
    );
  });

  it('should refuse http to a remote host unless allowInsecureHttp is set', () => {
    expect(() =>
      clientContext('app', {}, { fetch, baseUrl: 'http://api.test' }, 'https://x.test'),
    ).toThrow(TypeError);
    expect(
      clientContext(
        'app',
        {},
        { fetch, baseUrl: 'http://api.test', allowInsecureHttp: true },
        'https://x.test',
      ).baseUrl,
    ).toBe('http://api.test');
  });

  it('should refuse a credential that cannot travel in a header, without quoting it', () => {
    expect(() =>
      clientContext('app', { 'x-simperium-token': `${SECRET}\n` }, { fetch }, 'https://api.test'),
    ).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.not.stringContaining(SECRET) }),
    );
  });

  it('should never print the credentials', () => {
    const ctx = clientContext(
      'app',
      { 'x-simperium-token': SECRET },
      { fetch },
      'https://api.test',
    );
    expect(JSON.stringify(ctx)).not.toContain(SECRET);
    expect(inspect(ctx, { depth: 10 })).not.toContain(SECRET);
  });
});

describe('redactedHeaders', () => {
  it('should spread to the headers but print as [redacted]', () => {
    const headers = redactedHeaders({ 'x-simperium-api-key': SECRET });
    expect({ ...headers }).toEqual({ 'x-simperium-api-key': SECRET });
    expect(Object.keys(headers)).toEqual(['x-simperium-api-key']);
    expect(JSON.stringify({ headers })).toBe('{"headers":"[redacted]"}');
    expect(inspect(headers)).toBe('[redacted]');
  });
});
