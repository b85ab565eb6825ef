/**
 * The closing line of a run, checked on real jest runs: a scratch project with a passing suite, a
 * suite that fails to load, and a skipped suite, run by this project's jest in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SummaryReporter from './summary-reporter';

const JEST = require.resolve('jest/bin/jest');
const REPORTER = require.resolve('./summary-reporter');

interface Run {
  readonly status: number | null;
  /** What jest wrote to stderr, where it and the summary reporter print. */
  readonly stderr: string;
  readonly json: Parameters<typeof SummaryReporter.summarise>[0];
}

/** Runs jest on `files` in a scratch folder, with the summary reporter and a JSON result file. */
const runJest = (files: Record<string, string>): Run => {
  const dir = mkdtempSync(join(tmpdir(), 'summary-reporter-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, 'jest.config.js'),
      `module.exports = { testEnvironment: 'node', testMatch: ['**/*.test.js'], reporters: [${JSON.stringify(REPORTER)}] };`,
    );
    const out = join(dir, 'results.json');
    const run = spawnSync(
      process.execPath,
      [JEST, '--rootDir', dir, '--json', '--outputFile', out, '--ci'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: '' },
      },
    );
    return { status: run.status, stderr: run.stderr, json: JSON.parse(readFileSync(out, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const PASSING = "test('adds', () => { expect(1 + 1).toBe(2); });\n";
const SKIPPED =
  "describe.skip('needs a thing [skipped: no thing here]', () => { test('a', () => {}); test('b', () => {}); });\n";

describe('summarise', () => {
  it('should count a suite that fails to load as a failure, so a red run never says 0 failed', () => {
    const run = runJest({
      'ok.test.js': PASSING,
      'broken.test.js': "require('./does-not-exist');\ntest('never runs', () => {});\n",
      'skipped.test.js': SKIPPED,
    });
    expect(run.status).not.toBe(0);
    expect(run.json.numFailedTests).toBe(0); // what jest itself counts: nothing
    const line = '1 passed, 1 failed, 2 skipped (no thing here)';
    expect(SummaryReporter.summarise(run.json, run.status ?? 1)).toBe(line);
    expect(run.stderr.trim().split('\n').pop()).toBe(line); // the closing line
  });

  it('should count failing tests', () => {
    const run = runJest({
      'ok.test.js': PASSING,
      'red.test.js':
        "test('one', () => { expect(1).toBe(2); });\ntest('two', () => { throw new Error('no'); });\n",
    });
    expect(SummaryReporter.summarise(run.json, run.status ?? 1)).toBe(
      '1 passed, 2 failed, 0 skipped',
    );
  });

  it('should say so when the run failed with no failure counted', () => {
    const run = runJest({ 'ok.test.js': PASSING });
    expect(run.status).toBe(0);
    expect(SummaryReporter.summarise(run.json, 0)).toBe('1 passed, 0 failed, 0 skipped');
    expect(SummaryReporter.summarise(run.json, 1)).toBe(
      '1 passed, 1 failed (the run failed outside any test: exit status 1; see the output above), 0 skipped',
    );
  });
});
