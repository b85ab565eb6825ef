import {
  closingVerdict,
  failures,
  formatTable,
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
