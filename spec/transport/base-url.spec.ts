import { isLoopbackHost, normalizeBaseUrl } from '../../lib/transport/base-url';

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
