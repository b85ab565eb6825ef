/**
 * A script run as a child process (`node --import tsx`, so TypeScript and the project's path
 * aliases work as they do for `npm start`), with its output read line by line: a spec awaits the
 * line it expects instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface ChildScript {
  readonly child: ChildProcess;
  /** Every line printed on stdout so far. */
  readonly lines: ReadonlyArray<string>;
  /** Everything printed on stderr so far. */
  stderr(): string;
  /**
   * Resolves with the first line (already printed or to come) that `test` accepts; rejects when
   * the process exits without printing one.
   */
  line(test: (line: string) => boolean): Promise<string>;
  /**
   * Resolves once `test` holds of the lines printed so far (checked now and at each new line);
   * rejects when the process exits first.
   */
  until(test: (lines: ReadonlyArray<string>) => boolean): Promise<void>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts `script` (a path from the project root) with `args`, in the project root, with `env`
 * added to this process's environment.
 */
export const startScript = (
  script: string,
  args: ReadonlyArray<string> = [],
  env: Readonly<Record<string, string>> = {},
): ChildScript => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((waiter) => waiter());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | string>((done) =>
    child.on('close', (code, signal) => {
      if (partial !== '') lines.push(partial);
      ended = true;
      wake();
      done(code ?? signal ?? 'unknown');
    }),
  );
  /** Resolves with what `find` finds, once it finds something (looking again at each line). */
  const watch = <T>(find: () => T | undefined): Promise<T> =>
    new Promise((found, failed) => {
      const look = (): void => {
        const hit = find();
        if (hit !== undefined || ended) waiters.delete(look);
        if (hit !== undefined) found(hit);
        else if (ended)
          failed(new Error(`${script} exited first:\n${lines.join('\n')}\n${errors}`));
      };
      waiters.add(look);
      look();
    });
  return {
    child,
    lines,
    stderr: () => errors,
    line: (test) => watch(() => lines.find(test)),
    until: (test) => watch(() => (test(lines) ? true : undefined)).then(() => undefined),
    exited,
  };
};
