/**
 * Progress of a long write, on stderr: a bar redrawn in place on a terminal, plain lines every
 * so many objects or seconds otherwise (a log, a pipe, CI). The text is made by pure functions.
 */
import type { Output } from './io.js';

export interface ProgressState {
  /** Objects written. */
  readonly done: number;
  /** Objects that failed (refused, unreadable). */
  readonly failed: number;
  /** How many there are, when known. */
  readonly total?: number;
  readonly elapsedMs: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** `1 object`, `2,500 objects`. */
export const objectCount = (n: number): string => `${count(n)} object${n === 1 ? '' : 's'}`;

/** Objects handled (done or failed) per second. */
export const rateOf = (s: ProgressState): number =>
  s.elapsedMs > 0 ? ((s.done + s.failed) * 1000) / s.elapsedMs : 0;

/** `42s`, `3m07s`, `1h05m`. */
export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
};

/** The parts both forms share: count (of total, with percent), rate, ETA, failures. */
const parts = (s: ProgressState): string[] => {
  const handled = s.done + s.failed;
  const rate = rateOf(s);
  const known = s.total !== undefined && s.total > 0;
  return [
    known ? `${count(handled)}/${objectCount(s.total ?? 0)}` : objectCount(handled),
    ...(known ? [`${Math.floor((handled * 100) / (s.total ?? 1))}%`] : []),
    `${count(Math.round(rate))}/s`,
    ...(known && rate > 0 && handled < (s.total ?? 0)
      ? [`ETA ${formatDuration(((s.total ?? 0) - handled) / rate)}`]
      : []),
    ...(s.failed > 0 ? [`${count(s.failed)} failed`] : []),
  ];
};

/** One plain progress line: `1,000/5,000 objects, 20%, 2,500/s, ETA 2s`. */
export const progressLine = (s: ProgressState): string => parts(s).join(', ');

/** The terminal form: `[██████░░░░░░] 1,000/5,000 objects  20%  2,500/s  ETA 2s`. */
export const progressBar = (s: ProgressState, width = 24): string => {
  const share =
    s.total !== undefined && s.total > 0 ? Math.min(1, (s.done + s.failed) / s.total) : 0;
  const filled = Math.round(share * width);
  const bar = s.total === undefined ? '' : `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] `;
  return `${bar}${parts(s).join('  ')}`;
};

export interface Progress {
  /** Records the counts so far; shows them when it is time. */
  update(done: number, failed: number): void;
  /** Prints a line of its own (a refused entry) without garbling the bar. */
  note(text: string): void;
  /** Shows the final counts. */
  finish(): void;
}

export interface ProgressOptions {
  readonly total?: number;
  readonly now: () => number;
  /** Plain form: a line at least every this many objects … */
  readonly every: number;
  /** … or after this many milliseconds with progress (default 5 s). */
  readonly everyMs?: number;
}

/** Progress on `out`: the bar when it is a terminal (redrawn at most 10 times a second), else lines. */
export const progress = (out: Output, options: ProgressOptions): Progress => {
  const started = options.now();
  const tty = out.isTTY === true;
  let state: ProgressState = { done: 0, failed: 0, total: options.total, elapsedMs: 0 };
  let shownAt = started;
  let shownCount = 0;
  const show = (): void => {
    shownAt = options.now();
    shownCount = state.done + state.failed;
    out.write(tty ? `\r\x1b[2K${progressBar(state)}` : `${progressLine(state)}\n`);
  };
  return {
    update: (done, failed) => {
      const now = options.now();
      state = { done, failed, total: options.total, elapsedMs: now - started };
      const handled = done + failed;
      if (tty ? now - shownAt >= 100 : handled - shownCount >= options.every) show();
      else if (!tty && handled > shownCount && now - shownAt >= (options.everyMs ?? 5_000)) show();
    },
    note: (text) => {
      out.write(tty ? `\r\x1b[2K${text}\n${progressBar(state)}` : `${text}\n`);
    },
    finish: () => {
      state = { ...state, elapsedMs: options.now() - started };
      if (tty) out.write(`\r\x1b[2K${progressBar(state)}\n`);
      else if (state.done + state.failed > shownCount) show();
    },
  };
};
