import { isInvalidArgumentError } from '../../lib/errors';
import { isLoopbackHost, normalizeBaseUrl } from '../../lib/transport/base-url';

/** What `normalizeBaseUrl(url)` throws; fails the test when it throws nothing. */
const thrownBy = (url: string): unknown => {
  try {
    normalizeBaseUrl(url);
  } catch (e) {
    return e;
  }
  throw new Error(`${url} was accepted`);
};

describe('normalizeBaseUrl', () => {
  it('should accept https and strip trailing slashes, keeping a path prefix', () => {
    expect(normalizeBaseUrl('https://api.simperium.com')).toBe('https://api.simperium.com');
    expect(normalizeBaseUrl('https://api.simperium.com/')).toBe('https://api.simperium.com');
    expect(normalizeBaseUrl('https://proxy.test/simperium//')).toBe('https://proxy.test/simperium');
  });

  it.each([
    ['http://localhost:8080'],
    ['http://127.0.0.1:1234'],
    ['http://127.8.9.10'],
    ['http://[::1]:9000'],
  ])('should accept http to the loopback host %s', (url) => {
    expect(normalizeBaseUrl(url)).toBe(new URL(url).origin);
  });

  it('should refuse http to another host with a TypeError', () => {
    expect(() => normalizeBaseUrl('http://api.simperium.com')).toThrow(TypeError);
    expect(() => normalizeBaseUrl('http://10.0.0.1')).toThrow(/allowInsecureHttp/);
    expect(() => normalizeBaseUrl('http://localhost.evil.test')).toThrow(TypeError);
  });

  it('should accept http to another host with allowInsecureHttp', () => {
    expect(normalizeBaseUrl('http://api.test:81/', true)).toBe('http://api.test:81');
  });

  it.each([
    ['api.simperium.com'],
    ['ftp://api.test'],
    ['https://user:pw@api.test'],
    ['https://api.test/?a=1'],
    ['https://api.test/#x'],
  ])('should refuse %j', (url) => {
    expect(() => normalizeBaseUrl(url)).toThrow(TypeError);
  });

  it.each([
    ['https://api.simperium.com/1'],
    ['https://api.simperium.com/1/'],
    ['http://127.0.0.1:8080/proxy/1'],
  ])(
    'should refuse %j, which ends in the API version the client adds, with an InvalidArgumentError that says so',
    (url) => {
      const error = thrownBy(url);
      expect(error).toBeInstanceOf(TypeError);
      expect(isInvalidArgumentError(error)).toBe(true);
      expect(error).toMatchObject({ _tag: 'InvalidArgumentError', argument: 'baseUrl' });
      expect((error as Error).message).toMatch(
        /must not end in \/1: give the server's root .*adds \/1\/\{appId\}\//,
      );
    },
  );

  it('should keep a path prefix that only contains a 1 elsewhere', () => {
    expect(normalizeBaseUrl('https://proxy.test/v1')).toBe('https://proxy.test/v1');
    expect(normalizeBaseUrl('https://proxy.test/1/x')).toBe('https://proxy.test/1/x');
  });

  it('should throw errors that are both TypeErrors and InvalidArgumentErrors', () => {
    const error = thrownBy('ftp://api.test');
    expect(error).toBeInstanceOf(TypeError);
    expect(isInvalidArgumentError(error)).toBe(true);
  });

  it('should not repeat a password from the URL in its message', () => {
    expect(() => normalizeBaseUrl('https://user:hunter2@api.test')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('isLoopbackHost', () => {
  it('should recognise only loopback names', () => {
    expect(['localhost', '127.0.0.1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['example.com', '128.0.0.1', '::1', '0.0.0.0'].some(isLoopbackHost)).toBe(false);
  });
});
