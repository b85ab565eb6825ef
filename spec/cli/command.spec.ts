import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../lib/cli/command';

const ROOT = join(__dirname, '..', '..');

describe('packageVersion', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'simperium-rx-version-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("should read this package's version from lib/cli", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(packageVersion(join(ROOT, 'lib', 'cli'))).toBe(version);
  });

  it("should pass over a build's own package.json, which has no name, as in dist/cjs/server", () => {
    const installed = join(dir, 'node_modules', 'simperium-rx');
    mkdirSync(join(installed, 'dist', 'cjs', 'server'), { recursive: true });
    writeFileSync(join(installed, 'package.json'), '{"name":"simperium-rx","version":"9.8.7"}');
    writeFileSync(join(installed, 'dist', 'cjs', 'package.json'), '{"type":"commonjs"}');
    writeFileSync(join(dir, 'package.json'), '{"name":"an-app","version":"1.0.0"}');
    expect(packageVersion(join(installed, 'dist', 'cjs', 'server'))).toBe('9.8.7');
  });

  it('should say unknown when no package.json names the package', () => {
    expect(packageVersion(dir)).toBe('unknown');
  });
});
