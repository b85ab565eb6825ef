import { FAULT_KINDS, type FaultKind } from './fault-proxy';
import type { SoakReport } from './soak';
import { formatReport, parseSoakArgs, passed } from './soak-cli';

const clean: SoakReport = {
  writes: 10,
  acknowledged: 10,
  faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 1])) as Record<FaultKind, number>,
  lost: 0,
  duplicated: 0,
  outOfOrder: 0,
  dataMismatches: 0,
  durationMs: 1234,
  requests: 40,
  socketCuts: 3,
};

describe('parseSoakArgs', () => {
  it('should read every option, with --flag=value too', () => {
    expect(
      parseSoakArgs([
        '--writes',
        '5_000',
        '--fault-rate=0.15',
        '--writers',
        '8',
        '--seed',
        '7',
        '--deadline',
        '60',
      ]),
    ).toEqual({
      kind: 'run',
      options: { writes: 5000, faultRate: 0.15, writers: 8, seed: 7 },
      quiet: false,
      deadlineMs: 60_000,
    });
  });

  it('should default to 4 writers, seed 1 and a 900 s deadline', () => {
    expect(parseSoakArgs(['--writes', '10', '--fault-rate', '0', '--quiet'])).toEqual({
      kind: 'run',
      options: { writes: 10, faultRate: 0, writers: 4, seed: 1 },
      quiet: true,
      deadlineMs: 900_000,
    });
  });

  it('should refuse a deadline that is not a positive whole number of seconds', () => {
    expect(parseSoakArgs(['--writes', '1', '--fault-rate', '0', '--deadline', '0'])).toEqual({
      kind: 'error',
      message: '--deadline needs a positive whole number',
    });
  });

  it('should answer help for --help and -h', () => {
    expect(parseSoakArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseSoakArgs(['-h', '--writes', 'x'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--fault-rate', '0.1'], '--writes is required'],
    [['--writes', '10'], '--fault-rate is required'],
    [['--writes', '0', '--fault-rate', '0.1'], '--writes needs a positive whole number'],
    [['--writes', '1.5', '--fault-rate', '0.1'], '--writes needs a positive whole number'],
    [['--writes', '10', '--fault-rate', '1.5'], '--fault-rate needs a number from 0 to 1'],
    [['--writes', '10', '--fault-rate', ''], '--fault-rate needs a number from 0 to 1'],
    [['--writes', '10', '--fault-rate', '0.1', '--writers=-2'], '--writers needs'],
    [['--writes', '10', '--fault-rate', '0.1', '--seed', 'abc'], '--seed needs a whole number'],
    [['--writes', '10', '--fault-rate', '0.1', '--bogus'], "Unknown option '--bogus'"],
  ])('should refuse %j', (argv, message) => {
    const command = parseSoakArgs(argv);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toContain(message);
  });
});

describe('passed', () => {
  it('should hold only when nothing was lost, duplicated, reordered or corrupted', () => {
    expect(passed(clean)).toBe(true);
    expect(passed({ ...clean, lost: 1 })).toBe(false);
    expect(passed({ ...clean, duplicated: 1 })).toBe(false);
    expect(passed({ ...clean, outOfOrder: 1 })).toBe(false);
    expect(passed({ ...clean, dataMismatches: 1 })).toBe(false);
  });
});

describe('formatReport', () => {
  it('should print one aligned line per figure, with the faults by kind', () => {
    const table = formatReport({ writes: 10, faultRate: 0.15, seed: 3 }, clean).split('\n');
    const line = (name: string, value: string) => new RegExp(`^${name} +${value}$`);
    expect(table).toEqual(
      expect.arrayContaining([
        expect.stringMatching(line('writes', '10')),
        expect.stringMatching(line('fault rate', '0.15')),
        expect.stringMatching(line('faults injected', '9')),
        expect.stringMatching(line('  status-429', '1')),
        expect.stringMatching(line('sockets cut', '3')),
        expect.stringMatching(line('duration', '1.2 s')),
      ]),
    );
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
  });
});
