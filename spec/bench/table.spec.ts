import {
  closingVerdict,
  failures,
  formatTable,
  latencyRow,
  verdict,
  type Row,
} from '../../bench/support/table';

const row = (measure: string, ok: boolean | undefined): Row => ({
  measure,
  baseline: '1',
  subject: '1',
  ratio: '1.00×',
  target: ok === undefined ? '—' : '≤ 1.2×',
  verdict: ok === undefined ? '—' : verdict(ok),
});

describe('closingVerdict', () => {
  it('should pass a run whose every target was met, informational rows included', () => {
    expect(closingVerdict([row('latency', true), row('decode', undefined)])).toEqual({
      ok: true,
      line: 'every target met',
    });
  });

  it('should fail a run with a missed target, naming each one', () => {
    const rows = [row('latency', false), row('index$', true), row('heap', false)];
    expect(failures(rows).map((r) => r.measure)).toEqual(['latency', 'heap']);
    expect(closingVerdict(rows)).toEqual({
      ok: false,
      line: 'FAIL: 2 target(s) missed: latency; heap',
    });
    expect(formatTable(rows)).toContain('| FAIL ');
  });
});

describe('latencyRow', () => {
  const samples = { baseline: [1, 2, 3], subject: [2, 3, 4] };
  const middle = (xs: ReadonlyArray<number>): number => xs[1] ?? NaN;

  it('should give the statistic of each side, their ratio and the verdict against the target', () => {
    expect(latencyRow('x', samples, middle, 1.6)).toEqual({
      measure: 'x (3 + 3 samples)',
      baseline: '2.00 ms',
      subject: '3.00 ms',
      ratio: '1.50×',
      target: '≤ 1.60×',
      verdict: 'pass',
    });
    expect(latencyRow('x', samples, middle, 1.4).verdict).toBe('FAIL');
  });

  it('should set no target and no verdict without a target', () => {
    expect(latencyRow('x', samples, middle)).toMatchObject({ target: '—', verdict: '—' });
  });
});
