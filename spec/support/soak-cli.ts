/**
 * `npm run soak -- --writes N --fault-rate R [--writers W] [--seed S]`: runs the soak scenario
 * (see `soak.ts`), prints its figures as a table, and exits 0 when nothing was lost, duplicated,
 * reordered or corrupted, 1 otherwise (2 on bad arguments or a failed run).
 */
import { parseArgs } from 'node:util';
import { runSoak, type SoakOptions, type SoakReport } from './soak';

export const USAGE = `Usage: npm run soak -- --writes N --fault-rate R [--writers W] [--seed S]
                     [--deadline SECONDS]

Runs concurrent writers and two change-feed consumers through a fault-injecting proxy in front of
the local server, then checks every write and every change seen against the server itself.

Options:
  --writes <n>        writes in all, shared between the writers (required)
  --fault-rate <r>    share of proxied requests that meet a fault, 0..1 (required)
  --writers <n>       concurrent writers (default 4)
  --seed <n>          seed of the fault draws and object choice (default 1)
  --deadline <s>      give up (exit 2) when the run has not finished after this long
                      (default 900)
  --quiet             no progress lines
  -h, --help          show this help

Exit status: 0 when lost, duplicated, out-of-order and data mismatches are all 0; 1 otherwise;
2 on bad arguments or when the run itself fails.`;

export type SoakCommand =
  | {
      readonly kind: 'run';
      readonly options: SoakOptions;
      readonly quiet: boolean;
      /** The run is abandoned (exit 2) after this many milliseconds. */
      readonly deadlineMs: number;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const positiveInt = (value: string | undefined, name: string): number | string => {
  const n = Number(value?.replace(/_/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : `--${name} needs a positive whole number`;
};

/** Parses the arguments after the program name; never throws, never exits. */
export const parseSoakArgs = (argv: ReadonlyArray<string>): SoakCommand => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        writes: { type: 'string' },
        'fault-rate': { type: 'string' },
        writers: { type: 'string' },
        seed: { type: 'string' },
        deadline: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // Not `instanceof Error`: under a test runner, Node's errors may come from another realm.
    const message = (err as { message?: unknown } | null)?.message;
    return { kind: 'error', message: typeof message === 'string' ? message : String(err) };
  }
  if (values.help) return { kind: 'help' };
  if (values.writes === undefined) return { kind: 'error', message: '--writes is required' };
  if (values['fault-rate'] === undefined) {
    return { kind: 'error', message: '--fault-rate is required' };
  }
  const writes = positiveInt(values.writes, 'writes');
  const writers = positiveInt(values.writers ?? '4', 'writers');
  const deadline = positiveInt(values.deadline ?? '900', 'deadline');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const faultRate = Number(values['fault-rate']);
  if (typeof writes === 'string') return { kind: 'error', message: writes };
  if (typeof writers === 'string') return { kind: 'error', message: writers };
  if (typeof deadline === 'string') return { kind: 'error', message: deadline };
  if (values['fault-rate'].trim() === '' || !(faultRate >= 0 && faultRate <= 1)) {
    return { kind: 'error', message: '--fault-rate needs a number from 0 to 1' };
  }
  if (!Number.isSafeInteger(seed)) return { kind: 'error', message: '--seed needs a whole number' };
  return {
    kind: 'run',
    options: { writes, faultRate, writers, seed },
    quiet: values.quiet === true,
    deadlineMs: deadline * 1000,
  };
};

/** Whether the run found no problem at all. */
export const passed = (report: SoakReport): boolean =>
  report.lost === 0 &&
  report.duplicated === 0 &&
  report.outOfOrder === 0 &&
  report.dataMismatches === 0;

/** The report as a two-column table, one figure per line, faults by kind after the totals. */
export const formatReport = (options: SoakOptions, report: SoakReport): string => {
  const faulted = Object.values(report.faults).reduce((n, c) => n + c, 0);
  const rows: Array<[string, string]> = [
    ['writes', String(report.writes)],
    ['writers', String(options.writers ?? 4)],
    ['fault rate', String(options.faultRate)],
    ['seed', String(options.seed)],
    ['acknowledged', String(report.acknowledged)],
    ['requests', String(report.requests)],
    ['faults injected', String(faulted)],
    ...Object.entries(report.faults).map(([kind, n]): [string, string] => [`  ${kind}`, String(n)]),
    ['sockets cut', String(report.socketCuts)],
    ['lost', String(report.lost)],
    ['duplicated', String(report.duplicated)],
    ['out of order', String(report.outOfOrder)],
    ['data mismatches', String(report.dataMismatches)],
    ['duration', `${(report.durationMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `${'-'.repeat(width)}  ${'-'.repeat(valueWidth)}`;
  return [
    rule,
    ...rows.map(([name, value]) => `${name.padEnd(width)}  ${value.padStart(valueWidth)}`),
    rule,
  ].join('\n');
};

const main = async (): Promise<number> => {
  const command = parseSoakArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command.kind === 'error') {
    console.error(`${command.message}\n\n${USAGE}`);
    return 2;
  }
  // A run that cannot finish (a feed that never catches up) must still end by itself.
  setTimeout(() => {
    console.error(`the run did not finish within ${command.deadlineMs / 1000} s`);
    process.exit(2);
  }, command.deadlineMs).unref();
  const log = command.quiet ? undefined : (line: string) => console.error(line);
  const report = await runSoak({ ...command.options, ...(log ? { log } : {}) });
  console.log(formatReport(command.options, report));
  const ok = passed(report);
  console.log(ok ? 'PASS' : 'FAIL');
  return ok ? 0 : 1;
};

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
