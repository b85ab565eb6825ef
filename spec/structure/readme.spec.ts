/**
 * The README as a new user meets it: short, with the two set-up commands CI runs, links that
 * lead somewhere, and a quick start that runs as written — saved as an `.mjs` file next to an
 * installed `simperium-rx` and run with plain `node`, in Node's ES modules.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { PROJECT_ROOT } from '../support/child-script';
import { installScratchPackage } from '../support/scratch-package';

jest.setTimeout(60_000);

const README = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The body of the first fenced block of `language` after the heading `title`. */
const codeBlock = (markdown: string, title: string, language: string): string => {
  const section = markdown.split(`\n## ${title}\n`)[1] ?? '';
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section);
  if (match === null) throw new Error(`no ${language} block under "## ${title}"`);
  return match[1] ?? '';
};

describe('README.md', () => {
  afterAll(() => stopEsbuild());

  it('should stay under 10 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(10_000);
  });

  it('should give the set-up commands CI runs, as they are', () => {
    expect(README).toContain(
      '```sh\nnpm install && npm start   # the main job: the todo flow against the embedded local server\n' +
        'npm test                   # unit, marble, property and integration specs\n```',
    );
  });

  it('should link only to files and folders of the repository that exist', () => {
    const targets = [...README.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)]
      .map(([, target]) => target ?? '')
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((target) => !existsSync(join(PROJECT_ROOT, target)))).toEqual([]);
  });

  it('should have a quick start that runs as written in Node ES modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simperium-rx-readme-'));
    try {
      await installScratchPackage(dir);
      writeFileSync(join(dir, 'quickstart.mjs'), codeBlock(README, 'Quick start', 'js'));
      const ran = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
        execFile(process.execPath, ['quickstart.mjs'], { cwd: dir }, (error, stdout, stderr) =>
          done({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
        ),
      );
      expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ran.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(/^M [0-9a-f]{32} now at version 1$/),
        expect.stringMatching(/^M [0-9a-f]{32} now at version 2$/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
