#!/usr/bin/env node
/**
 * The `simperium-rx` executable: runs the command line on the real process. The only module of
 * the command line that touches `process`: it builds the `Io` the commands use, turns SIGINT and
 * SIGTERM (and a stdout closed by the reader, as `| head` does) into a stop request, and sets
 * the exit status. A second signal exits at once with status 1.
 */
import { runProgram } from './program.js';
import { EXIT, writeLine, type ExitCode, type Io } from './io.js';

/** The process as an `Io`, its stop signal wired to SIGINT, SIGTERM and a broken stdout. */
const processIo = (): Io => {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.failure);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.on('error', () => controller.abort());
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // read only by `import`: touching process.stdin before that would open it for nothing
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: process.env,
    stop: controller.signal,
    now: Date.now,
  };
};

/** Runs `run` with the process's arguments and streams, and exits with its status. */
export const runAsProcess = (
  run: (argv: ReadonlyArray<string>, io: Io) => Promise<ExitCode>,
): void => {
  const io = processIo();
  run(process.argv.slice(2), io).then(
    (status) => {
      process.exitCode = status;
    },
    (err: unknown) => {
      writeLine(io.stderr, err instanceof Error ? err.message : String(err));
      process.exitCode = EXIT.failure;
    },
  );
};

if (require.main === module) runAsProcess(runProgram);
