/**
 * `simperium-rx export <bucket>`: the bucket's index with data, as NDJSON on stdout or in a file.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Subscription } from 'rxjs';
import type { Bucket } from '../../bucket.js';
import type { JsonObject } from '../../codecs/json-object.js';
import type { SimperiumError } from '../../errors.js';
import { badUsage, showHelp, type Command } from '../command.js';
import { openApi } from '../connection.js';
import {
  describeError,
  EXIT,
  redacting,
  writeLine,
  type ExitCode,
  type Io,
  type Output,
} from '../io.js';
import { rowJson } from '../ndjson.js';
import { objectCount } from '../progress.js';
import { EXPORT_USAGE, parseExportArgs, type ExportOptions } from './export-args.js';

interface Outcome {
  readonly written: number;
  /** The `Left`s met: entries that did not decode, or the failure that ended the listing. */
  readonly errors: number;
  readonly stopped: boolean;
}

/** Writes each index entry to `out` until the listing ends or the user stops it. */
const writeIndex = (bucket: Bucket<JsonObject>, options: ExportOptions, out: Output, io: Io) =>
  new Promise<Outcome>((resolve) => {
    let written = 0;
    let errors = 0;
    const subscription = new Subscription();
    const finish = (stopped: boolean): void => {
      io.stop.removeEventListener('abort', stop);
      subscription.unsubscribe();
      resolve({ written, errors, stopped });
    };
    const stop = (): void => finish(true);
    const report = (error: SimperiumError): void => {
      errors += 1;
      writeLine(io.stderr, describeError(error));
    };
    subscription.add(
      bucket.index$({ data: true, limit: options.pageSize, prefetch: 1 }).subscribe({
        next: (entry) => {
          if (entry._tag === 'Left') return report(entry.left);
          const { id, version, data } = entry.right;
          out.write(`${rowJson({ id, version, data: data ?? {} })}\n`);
          written += 1;
        },
        complete: () => finish(false),
      }),
    );
    if (io.stop.aborted) stop();
    else if (!subscription.closed) io.stop.addEventListener('abort', stop, { once: true });
  });

/** Opens `path` for writing: the stream once it is open, or the error that kept it shut. */
const openFile = async (path: string): Promise<WriteStream> => {
  const file = createWriteStream(path);
  await once(file, 'open');
  return file;
};

/** Ends `file` and resolves once it is closed (at once if an error closed it already). */
const closeFile = (file: WriteStream): Promise<void> =>
  new Promise((resolve) => {
    if (file.closed) return resolve();
    file.once('close', () => resolve());
    file.end();
  });

/** Exports the bucket; resolves with the exit status once the count is printed. */
const exportBucket = async (
  bucket: Bucket<JsonObject>,
  options: ExportOptions,
  io: Io,
): Promise<ExitCode> => {
  let file: WriteStream | undefined;
  try {
    file = options.out === undefined ? undefined : await openFile(options.out);
  } catch (err) {
    writeLine(io.stderr, `cannot write ${options.out}: ${(err as Error).message}`);
    return EXIT.failure;
  }
  let writeError: Error | undefined;
  file?.on('error', (err) => (writeError ??= err));
  const outcome = await writeIndex(bucket, options, file ?? io.stdout, io);
  if (file !== undefined) await closeFile(file);
  if (writeError !== undefined) {
    writeLine(io.stderr, `cannot write ${options.out}: ${writeError.message}`);
    return EXIT.failure;
  }
  const where = options.out === undefined ? '' : ` to ${options.out}`;
  writeLine(io.stderr, `exported ${objectCount(outcome.written)} from ${bucket.name}${where}`);
  if (outcome.stopped) writeLine(io.stderr, 'stopped before the end: the export is incomplete');
  else if (outcome.errors > 0) writeLine(io.stderr, 'the export is incomplete');
  return outcome.stopped || outcome.errors > 0 ? EXIT.failure : EXIT.ok;
};

export const exportCommand: Command = {
  name: 'export',
  summary: "write a bucket's objects as NDJSON",
  usage: EXPORT_USAGE,
  run: async (argv, io) => {
    const args = parseExportArgs(argv, io.env);
    if (args.kind === 'help') return showHelp(io, EXPORT_USAGE);
    if (args.kind === 'error') return badUsage(io, args.message, EXPORT_USAGE);
    const api = openApi(args.options.connection);
    if ('refused' in api) return badUsage(io, api.refused, EXPORT_USAGE);
    const stderr = redacting(io.stderr, [args.options.connection.token]);
    return exportBucket(api.bucket(args.options.bucket), args.options, { ...io, stderr });
  },
};
