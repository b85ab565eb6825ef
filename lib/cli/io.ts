/**
 * What a command of the `simperium-rx` command line reads and writes: the process's streams,
 * environment, clock and stop request, or a test's stand-ins. Commands touch the world only
 * through this, and answer with an exit status.
 */
import type { SimperiumError } from '../errors.js';

/** A stream to write text to: `process.stdout`, `process.stderr`, a file, a test's buffer. */
export interface Output {
  write(text: string): unknown;
  /** Whether a terminal shows it (colour, a redrawn progress bar). */
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The standard input, read by `import` without `--in`. */
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the user asks the command to stop (SIGINT, SIGTERM, a closed stdout). */
  readonly stop: AbortSignal;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/**
 * The exit statuses, the same for every command (and for `simperium-rx-server`), as
 * docs/cli.md, "Exit status" documents them.
 */
export const EXIT = {
  /** Done: everything asked for happened, or a clean stop on SIGINT/SIGTERM. */
  ok: 0,
  /** A failure: the network, the server's refusal (of credentials, of an entry), a file. */
  failure: 1,
  /** Bad usage: an unknown option, a bad or missing value, missing credentials. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Writes `text` and a newline. */
export const writeLine = (out: Output, text: string): void => {
  out.write(`${text}\n`);
};

/** Resolves once `signal` is aborted (at once if it already is). */
export const aborted = (signal: AbortSignal): Promise<void> =>
  signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** A short body the server sent with an error, when it is text worth showing. */
const bodyText = (body: unknown): string =>
  typeof body === 'string' && body.trim() !== '' && body.length <= 200 ? `: ${body.trim()}` : '';

/** What Simperium's change error codes mean, in a few words. */
const REFUSALS: Readonly<Record<number, string>> = {
  400: 'a malformed change',
  401: 'a read-only share',
  404: 'no such object, or not visible to this user',
  405: 'no such version',
  440: 'the change does not fit the object',
};

/** A failure in one line, for stderr. Errors never hold credentials, and neither does this. */
export const describeError = (e: SimperiumError): string => {
  switch (e._tag) {
    case 'HttpError':
      return `${e.method} ${e.url} answered ${`${e.status} ${e.statusText}`.trim()}${bodyText(e.body)}`;
    case 'NetworkError':
      return `cannot reach ${e.url}: ${e.message}`;
    case 'TimeoutError':
      return `no answer from ${e.method} ${e.url} within ${e.timeout} ms`;
    case 'DecodeError':
      return `unexpected answer${e.id === undefined ? '' : ` for ${e.id}`}: ${e.messages.join('; ')}`;
    case 'ProtocolError':
      return e.message;
    case 'ChangeError':
      return `refused ${e.id}: code ${e.code}${e.code in REFUSALS ? ` (${REFUSALS[e.code]})` : ''}`;
    case 'InvalidArgumentError':
      return e.message;
    case 'UnknownCursorError':
      return `the server no longer knows the cursor ${e.cv}: start again without --cv`;
  }
};

/** An output that writes `[redacted]` in place of each secret (of 8 characters or more). */
export const redacting = (out: Output, secrets: ReadonlyArray<string | undefined>): Output => {
  const hidden = secrets.filter((s): s is string => s !== undefined && s.length >= 8);
  if (hidden.length === 0) return out;
  return {
    isTTY: out.isTTY,
    columns: out.columns,
    write: (text: string) =>
      out.write(hidden.reduce((t, s) => t.split(s).join('[redacted]'), text)),
  };
};

/**
 * The items of `source` until `stop` is aborted, even while waiting for the next one (stdin
 * that never ends): the source is then released (a stream destroyed) without waiting for it.
 */
export async function* untilStopped<T>(
  source: AsyncIterable<T>,
  stop: AbortSignal,
): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const stopped = aborted(stop).then(() => undefined);
  let finished = false;
  try {
    while (!stop.aborted) {
      const next = await Promise.race([it.next(), stopped]);
      if (next === undefined || next.done === true) {
        finished = next !== undefined;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) {
      // A stream's iterator ends a pending read only once the stream is gone: destroy it first.
      (source as { destroy?: () => void }).destroy?.();
      it.return?.().catch(() => undefined);
    }
  }
}
