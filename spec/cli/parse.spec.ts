import { parseArgs, wholeNumber, type OptionSpec } from '../../lib/cli/parse';

const SPEC: OptionSpec = { '--cv': 'value', '--json': 'switch', '--token': 'value' };

describe('parseArgs', () => {
  it('should read positionals, switches and values in both spellings, in any order', () => {
    expect(parseArgs(['--json', 'todo', '--cv', 'abc', '--token=t=1'], SPEC)).toEqual({
      kind: 'parsed',
      positionals: ['todo'],
      values: { '--cv': 'abc', '--token': 't=1' },
      switches: new Set(['--json']),
    });
  });

  it('should take everything after -- as positionals, and a lone - as one', () => {
    expect(parseArgs(['-', '--', '--json', '-h'], SPEC)).toMatchObject({
      positionals: ['-', '--json', '-h'],
      switches: new Set(),
    });
  });

  it('should answer help for -h or --help anywhere before --', () => {
    expect(parseArgs(['todo', '--cv', 'x', '-h'], SPEC)).toEqual({ kind: 'help' });
    expect(parseArgs(['--bogus', '--help'], SPEC)).toEqual({
      kind: 'error',
      message: 'unknown option --bogus',
    });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--bogus=secret'], 'unknown option --bogus'],
    [['--cv'], '--cv needs a value'],
    [['--cv='], '--cv needs a value'],
    [['--cv', '--json'], '--cv needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--json', '--json'], '--json is given twice'],
    [['--cv', 'a', '--cv=b'], '--cv is given twice'],
  ])('should refuse %p', (argv, message) => {
    expect(parseArgs(argv, SPEC)).toEqual({ kind: 'error', message });
  });

  it('should never repeat the value given to an option in a message', () => {
    const secret = 'f00dfeedf00dfeedf00dfeedf00dfeed';
    for (const argv of [
      [`--tokn=${secret}`],
      ['--token', secret, '--token', secret],
      [`--json=${secret}`],
    ]) {
      const result = parseArgs(argv, SPEC);
      expect(result.kind).toBe('error');
      expect(JSON.stringify(result)).not.toContain(secret);
    }
  });
});

describe('wholeNumber', () => {
  it('should read decimal digits within the bounds only', () => {
    expect(wholeNumber('42', 1, 100)).toBe(42);
    expect(wholeNumber('0', 1, 100)).toBeUndefined();
    expect(wholeNumber('101', 1, 100)).toBeUndefined();
    expect(['-1', '1.5', '1e3', ' 7', '', 'x'].map((t) => wholeNumber(t, 0, 1e9))).toEqual(
      Array(6).fill(undefined),
    );
  });
});
