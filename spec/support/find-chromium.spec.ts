import { browserSuite, chromiumPath, findChromium } from './find-chromium';

const only =
  (...paths: string[]) =>
  (path: string): boolean =>
    paths.includes(path);

describe('findChromium', () => {
  it('should take CHROMIUM_PATH first when it is executable', () => {
    expect(
      findChromium(
        { CHROMIUM_PATH: '/opt/chrome', PATH: '/usr/bin' },
        only('/opt/chrome', '/usr/bin/chromium'),
      ),
    ).toEqual({ found: true, path: '/opt/chrome' });
  });

  it('should report a CHROMIUM_PATH that is not executable instead of looking elsewhere', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, only('/usr/bin/chromium'))).toEqual({
      found: false,
      reason: 'CHROMIUM_PATH=/nope is not an executable file',
    });
  });

  it("should take Debian's /usr/bin/chromium next", () => {
    expect(findChromium({ PATH: '/a:/b' }, only('/usr/bin/chromium', '/a/chromium'))).toEqual({
      found: true,
      path: '/usr/bin/chromium',
    });
  });

  it('should then look for chromium, chromium-browser and google-chrome on PATH, in that order', () => {
    expect(findChromium({ PATH: '/a:/b' }, only('/b/chromium', '/a/google-chrome'))).toEqual({
      found: true,
      path: '/b/chromium',
    });
    expect(findChromium({ PATH: '/a:/b' }, only('/b/google-chrome'))).toEqual({
      found: true,
      path: '/b/google-chrome',
    });
  });

  it('should say why when there is none', () => {
    expect(findChromium({ PATH: '/a' }, only())).toEqual({
      found: false,
      reason: 'no Chromium found; set CHROMIUM_PATH',
    });
  });
});

describe('browserSuite', () => {
  const missing = { found: false, reason: 'no Chromium found; set CHROMIUM_PATH' } as const;

  it('should skip with the reason in the title when there is no browser and CI is unset', () => {
    const suite = browserSuite({}, missing);
    expect(suite.describe).toBe(describe.skip);
    expect(suite.title('in a browser')).toBe(
      'in a browser [skipped: no Chromium found; set CHROMIUM_PATH]',
    );
  });

  it('should run (and so fail) under CI when there is no browser', () => {
    const suite = browserSuite({ CI: 'true' }, missing);
    expect(suite.describe).toBe(describe);
    expect(suite.title('in a browser')).toBe('in a browser');
    expect(() => chromiumPath(suite.search)).toThrow(/needs Chromium: no Chromium found/);
  });

  it('should run when a browser is found', () => {
    const suite = browserSuite({}, { found: true, path: '/usr/bin/chromium' });
    expect(suite.describe).toBe(describe);
    expect(chromiumPath(suite.search)).toBe('/usr/bin/chromium');
  });
});
