/**
 * Runs an executable of this package (`lib/cli/main.ts`, `lib/server/cli.ts`) as a child process
 * through tsx, as a user's shell would: its own environment, stdin, signals, and output awaited
 * as it arrives (no sleeps).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const CLI = join(ROOT, 'lib', 'cli', 'main.ts');

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with `[code, signal]` once the process is gone and its output read. */
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with stdout once it matches `pattern`; rejects if the process exits first. */
  readonly untilStdout: (pattern: RegExp) => Promise<string>;
  /** The same for stderr. */
  readonly untilStderr: (pattern: RegExp) => Promise<string>;
}

/** The parent's environment without any `SIMPERIUM_*` or `NO_COLOR`, plus `env`. */
const cleanEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('SIMPERIUM_') && name !== 'NO_COLOR',
    ),
  ),
  ...env,
});

/**
 * Starts `entry` with `args`. `stdin`, when given, is written and closed; otherwise stdin is
 * left open (a pipe nobody writes to).
 */
export const runCli = (
  args: ReadonlyArray<string>,
  options: { env?: Record<string, string>; stdin?: string; entry?: string } = {},
): CliProcess => {
  const child = spawn(TSX, [options.entry ?? CLI, ...args], {
    cwd: ROOT,
    env: cleanEnv(options.env ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  const text = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const until = (stream: 'stdout' | 'stderr') => async (pattern: RegExp) => {
    while (!pattern.test(text[stream])) {
      const closed = await Promise.race([
        once(child[stream], 'data').then(() => false),
        exited.then(() => true),
      ]);
      if (closed && !pattern.test(text[stream])) {
        throw new Error(`exited without ${pattern}:\n${text.stdout}\n${text.stderr}`);
      }
    }
    return text[stream];
  };
  return {
    child,
    exited,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    untilStdout: until('stdout'),
    untilStderr: until('stderr'),
  };
};
