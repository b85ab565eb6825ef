/**
 * The one table the client benchmarks print: each measure with its baseline, the subject, their
 * ratio, the target and whether it was met.
 */
import { fmt } from './stats';

/** A target met, missed, or none set (informational). */
export type Verdict = 'pass' | 'FAIL' | '—';

export interface Row {
  readonly measure: string;
  readonly baseline: string;
  readonly subject: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict;
}

const COLUMNS = ['measure', 'baseline', 'subject', 'ratio', 'target', 'verdict'] as const;
const HEADER: Record<(typeof COLUMNS)[number], string> = {
  measure: 'measure',
  baseline: 'baseline',
  subject: 'subject',
  ratio: 'ratio',
  target: 'target',
  verdict: 'pass/fail',
};

/** `pass` when `ok`, else `FAIL`. */
export const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'FAIL');

/**
 * A latency row: `stat` (a median, a percentile) of the subject's and the baseline's samples in
 * milliseconds, their ratio, and, with `target`, whether the ratio is at most that.
 */
export const latencyRow = (
  measure: string,
  samples: { readonly baseline: ReadonlyArray<number>; readonly subject: ReadonlyArray<number> },
  stat: (xs: ReadonlyArray<number>) => number,
  target?: number,
): Row => {
  const b = stat(samples.baseline);
  const s = stat(samples.subject);
  return {
    measure: `${measure} (${samples.baseline.length} + ${samples.subject.length} samples)`,
    baseline: `${fmt(b, 2)} ms`,
    subject: `${fmt(s, 2)} ms`,
    ratio: `${fmt(s / b, 2)}×`,
    target: target === undefined ? '—' : `≤ ${fmt(target, 2)}×`,
    verdict: target === undefined ? '—' : verdict(s / b <= target),
  };
};

/** The rows as a Markdown table, columns padded to line up in a terminal too. */
export const formatTable = (rows: ReadonlyArray<Row>): string => {
  const all: ReadonlyArray<Record<(typeof COLUMNS)[number], string>> = [HEADER, ...rows];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (cells: ReadonlyArray<string>): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(COLUMNS.map((column) => HEADER[column])),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(COLUMNS.map((column) => row[column]))),
  ].join('\n');
};

/** The measures whose target was missed. */
export const failures = (rows: ReadonlyArray<Row>): Row[] =>
  rows.filter((row) => row.verdict === 'FAIL');

/**
 * The closing line of a benchmark run: which targets were missed, if any. A run that misses one
 * exits 1 (the caller sets the status from `ok`), so a script or CI step cannot read it as a pass.
 */
export const closingVerdict = (
  rows: ReadonlyArray<Row>,
): { readonly ok: boolean; readonly line: string } => {
  const missed = failures(rows);
  return missed.length === 0
    ? { ok: true, line: 'every target met' }
    : {
        ok: false,
        line: `FAIL: ${missed.length} target(s) missed: ${missed.map((r) => r.measure).join('; ')}`,
      };
};
