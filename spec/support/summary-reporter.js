/**
 * The closing line of a test run: `N passed, N failed, N skipped`, with the reasons for skips.
 *
 * Used twice: as a jest reporter (see `jest.config.js`), so `npm test` ends with the line, and by
 * `.ci/run`, which prints it from jest's `--json` results and the exit status.
 *
 * The failure count is honest about red runs that count no failing test: a suite that fails to
 * load (a syntax error, a missing file) or fails in a hook adds one failure, and a run that failed
 * with no failure counted at all (a coverage threshold, say) says so instead of `0 failed`.
 *
 * A skipped test gives its reason by carrying `[skipped: <reason>]` in its describe or test title;
 * each distinct reason is shown once, after the skip count.
 *
 * Plain CommonJS so that jest loads it as a reporter and `node -e` can require it without a build.
 */
'use strict';

const SKIP_REASON = /\[skipped: ([^\]]+)\]/;

/** The distinct skip reasons of a run's pending tests, in the order first seen. */
const skipReasons = (results) => {
  const reasons = new Set();
  for (const suite of results.testResults || []) {
    for (const test of suite.assertionResults || suite.testResults || []) {
      if (test.status !== 'pending' && test.status !== 'skipped') continue;
      const found = SKIP_REASON.exec([...(test.ancestorTitles || []), test.title].join(' '));
      if (found) reasons.add(found[1]);
    }
  }
  return [...reasons];
};

/**
 * Suites that failed with no failing test of their own: they did not load, or a hook failed.
 * Jest's result objects differ between the reporter API (`testExecError`, `numFailingTests`) and
 * the `--json` file (`status`, `message`, `assertionResults`): both are read.
 */
const brokenSuites = (results) =>
  (results.testResults || []).filter((suite) => {
    const failingTests =
      suite.numFailingTests !== undefined
        ? suite.numFailingTests
        : (suite.assertionResults || []).filter((test) => test.status === 'failed').length;
    const failed =
      suite.testExecError !== undefined || suite.status === 'failed' || suite.failureMessage;
    return Boolean(failed) && failingTests === 0;
  }).length;

/**
 * The closing line for jest's aggregated results.
 *
 * @param results jest's aggregated results (reporter `onRunComplete`, or the `--json` file)
 * @param exitStatus the run's exit status, when known (`.ci/run`): a non-zero status with no
 * failure counted is reported as a failed run
 */
const summarise = (results, exitStatus) => {
  const failures = (results.numFailedTests || 0) + brokenSuites(results);
  const red =
    failures > 0 || results.success === false || (exitStatus !== undefined && exitStatus !== 0);
  const failed =
    failures > 0 || !red
      ? `${failures} failed`
      : `1 failed (the run failed outside any test${
          exitStatus ? `: exit status ${exitStatus}` : ''
        }; see the output above)`;
  const reasons = skipReasons(results);
  const skipped = `${results.numPendingTests || 0} skipped${
    reasons.length > 0 ? ` (${reasons.join('; ')})` : ''
  }`;
  return `${results.numPassedTests || 0} passed, ${failed}, ${skipped}`;
};

/**
 * The jest reporter. Jest runs its own summary and coverage reporters after every custom one, so
 * to be the closing line the summary is written as the process exits (at once in watch mode,
 * which does not exit). Jest sets `success` only after its reporters have run (it reads `false`
 * until then), so the reporter counts without it.
 */
class SummaryReporter {
  constructor(globalConfig) {
    this.watching = Boolean(globalConfig && (globalConfig.watch || globalConfig.watchAll));
    this.line = undefined;
  }

  onRunComplete(_contexts, results) {
    const first = this.line === undefined;
    this.line = summarise({ ...results, success: undefined });
    if (this.watching) process.stderr.write(`\n${this.line}\n`);
    else if (first) process.once('exit', () => process.stderr.write(`\n${this.line}\n`));
  }
}

module.exports = SummaryReporter;
module.exports.summarise = summarise;
module.exports.skipReasons = skipReasons;
