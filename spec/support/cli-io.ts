/**
 * An in-process stand-in for the process a command of the command line runs in: stdout and
 * stderr kept as text (each may claim to be a terminal), stdin from given chunks, a chosen
 * environment and clock, and a stop request the test makes.
 */
import { Readable } from 'node:stream';
import type { Io, Output } from '../../lib/cli/io';

export interface TextOutput extends Output {
  readonly text: () => string;
  /** Resolves with the text once it matches `pattern`; rejects after `ms` with what it holds. */
  readonly until: (pattern: RegExp, ms?: number) => Promise<string>;
}

/** An output kept in memory. */
export const textOutput = (isTTY = false, columns = 80): TextOutput => {
  let text = '';
  const waiters = new Set<() => void>();
  return {
    isTTY,
    columns,
    write: (chunk: string) => {
      text += chunk;
      for (const wake of [...waiters]) wake();
      return true;
    },
    text: () => text,
    until: (pattern, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(text)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(text);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${ms} ms in: ${text}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };
};

export interface TestIo {
  readonly io: Io;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Asks the command to stop, as SIGINT would. */
  readonly stop: () => void;
}

export interface TestIoOptions {
  readonly env?: Record<string, string | undefined>;
  /** What stdin holds (default: nothing), or a stream to read it from. */
  readonly stdin?: ReadonlyArray<string> | Readable;
  /** Whether stdout and stderr claim to be terminals. */
  readonly tty?: boolean;
  readonly now?: () => number;
}

/** A fresh `Io` for one command run. */
export const testIo = (options: TestIoOptions = {}): TestIo => {
  const controller = new AbortController();
  const stdout = textOutput(options.tty);
  const stderr = textOutput(options.tty);
  const stdin =
    options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin ?? []);
  return {
    io: {
      stdout,
      stderr,
      stdin,
      env: options.env ?? {},
      stop: controller.signal,
      now: options.now ?? Date.now,
    },
    stdout,
    stderr,
    stop: () => controller.abort(),
  };
};
