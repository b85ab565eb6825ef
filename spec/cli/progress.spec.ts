import {
  formatDuration,
  objectCount,
  progress,
  progressBar,
  progressLine,
  rateOf,
} from '../../lib/cli/progress';
import { textOutput } from '../support/cli-io';

describe('the progress text', () => {
  const midway = { done: 2_400, failed: 100, total: 10_000, elapsedMs: 2_000 };

  it('should give count of total, percent, rate, ETA and failures as a line', () => {
    expect(rateOf(midway)).toBe(1_250);
    expect(progressLine(midway)).toBe('2,500/10,000 objects, 25%, 1,250/s, ETA 6s, 100 failed');
  });

  it('should draw a bar of the share done on a terminal', () => {
    expect(progressBar(midway, 8)).toBe(
      '[██░░░░░░] 2,500/10,000 objects  25%  1,250/s  ETA 6s  100 failed',
    );
  });

  it('should show no total, percent, ETA or bar when the total is unknown', () => {
    const unknown = { done: 3, failed: 0, elapsedMs: 1_500 };
    expect(progressLine(unknown)).toBe('3 objects, 2/s');
    expect(progressBar(unknown)).toBe('3 objects  2/s');
  });

  it('should show no ETA at the end, nor a rate before any time passed', () => {
    expect(progressLine({ done: 5, failed: 0, total: 5, elapsedMs: 1_000 })).toBe(
      '5/5 objects, 100%, 5/s',
    );
    expect(progressLine({ done: 0, failed: 0, total: 5, elapsedMs: 0 })).toBe(
      '0/5 objects, 0%, 0/s',
    );
  });

  it('should write durations as seconds, minutes or hours', () => {
    expect([0.2, 59, 61, 3_599, 3_600, 7_322].map(formatDuration)).toEqual([
      '1s',
      '59s',
      '1m01s',
      '59m59s',
      '1h00m',
      '2h02m',
    ]);
    expect([objectCount(1), objectCount(0), objectCount(1_234)]).toEqual([
      '1 object',
      '0 objects',
      '1,234 objects',
    ]);
  });
});

describe('progress', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => (clock = 0));

  it('should print a plain line every so many objects, or after 5 s with progress, then the end', () => {
    const out = textOutput(false);
    const shown = progress(out, { total: 10, now, every: 4 });
    clock = 1_000;
    shown.update(3, 0);
    shown.update(4, 0);
    clock = 2_000;
    shown.update(5, 0);
    clock = 7_000;
    shown.update(5, 0);
    shown.update(6, 0);
    shown.note('refused x: code 404');
    clock = 8_000;
    shown.update(7, 1);
    shown.finish();
    expect(out.text().split('\n')).toEqual([
      '4/10 objects, 40%, 4/s, ETA 2s',
      '5/10 objects, 50%, 1/s, ETA 7s',
      'refused x: code 404',
      '8/10 objects, 80%, 1/s, ETA 2s, 1 failed',
      '',
    ]);
  });

  it('should not repeat the last line at the end', () => {
    const out = textOutput(false);
    const shown = progress(out, { now, every: 2 });
    clock = 1_000;
    shown.update(2, 0);
    shown.finish();
    expect(out.text()).toBe('2 objects, 2/s\n');
  });

  it('should redraw a bar in place on a terminal, at most every 100 ms, and end it with a newline', () => {
    const out = textOutput(true);
    const shown = progress(out, { total: 4, now, every: 1 });
    clock = 50;
    shown.update(1, 0);
    clock = 100;
    shown.update(2, 0);
    shown.note('line 3: not JSON');
    clock = 150;
    shown.update(3, 0);
    clock = 200;
    shown.update(4, 0);
    shown.finish();
    const bar = (text: string): string => `\r\x1b[2K${text}`;
    expect(out.text()).toBe(
      [
        bar('[████████████░░░░░░░░░░░░] 2/4 objects  50%  20/s  ETA 1s'),
        bar('line 3: not JSON\n[████████████░░░░░░░░░░░░] 2/4 objects  50%  20/s  ETA 1s'),
        bar('[████████████████████████] 4/4 objects  100%  20/s'),
        bar('[████████████████████████] 4/4 objects  100%  20/s\n'),
      ].join(''),
    );
  });
});
