/** Types of `summary-reporter.js` (plain CommonJS, so jest and `.ci/run` load it unbuilt). */

/** The parts of jest's aggregated results (reporter API or `--json` file) the summary reads. */
interface RunResults {
  readonly success?: boolean;
  readonly numPassedTests?: number;
  readonly numFailedTests?: number;
  readonly numPendingTests?: number;
  readonly testResults?: ReadonlyArray<unknown>;
}

declare class SummaryReporter {
  onRunComplete(contexts: unknown, results: RunResults): void;
}

declare namespace SummaryReporter {
  /** The closing line: `N passed, N failed, N skipped (reasons)`. */
  function summarise(results: RunResults, exitStatus?: number): string;
  /** The distinct `[skipped: …]` reasons of the run's pending tests. */
  function skipReasons(results: RunResults): string[];
}

export = SummaryReporter;
