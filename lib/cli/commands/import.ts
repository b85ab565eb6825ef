/**
 * `simperium-rx import <bucket>`: NDJSON in, written in bulk through `postMany$`, each line's
 * data replacing the whole document, with progress on stderr.
 */
import { createReadStream } from 'node:fs';
import { firstValueFrom, fromEvent, map, of, race, take, toArray } from 'rxjs';
import type { Bucket } from '../../bucket.js';
import type { JsonObject } from '../../codecs/json-object.js';
import * as E from '../../either.js';
import type { SimperiumError } from '../../errors.js';
import type { PostManyEntry } from '../../endpoints/post-many.js';
import { badUsage, showHelp, type Command } from '../command.js';
import { openApi } from '../connection.js';
import {
  describeError,
  EXIT,
  redacting,
  untilStopped,
  writeLine,
  type ExitCode,
  type Io,
} from '../io.js';
import { countRows, readRows, type ReadLine, type Row } from '../ndjson.js';
import { objectCount, progress, type Progress } from '../progress.js';
import { IMPORT_USAGE, parseImportArgs, type ImportOptions } from './import-args.js';

/** Groups of `size` items. */
async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const entryOf = (row: Row, withVersions: boolean): PostManyEntry<JsonObject> => ({
  id: row.id,
  data: row.data,
  replace: true,
  ...(withVersions && row.version !== undefined ? { version: row.version } : {}),
});

/** Writes one batch: every entry's result, or `undefined` when stopped first. */
const writeBatch = (
  bucket: Bucket<JsonObject>,
  entries: PostManyEntry<JsonObject>[],
  stop: AbortSignal,
) =>
  firstValueFrom(
    race(
      bucket.postMany$(entries).pipe(toArray()),
      stop.aborted
        ? of(undefined)
        : fromEvent(stop, 'abort').pipe(
            take(1),
            map(() => undefined),
          ),
    ),
  );

/** What an import did so far, and the failure that ended it early, if one did. */
interface Tally {
  done: number;
  failed: number;
  fatal?: string;
}

/** Counts a batch's results, reporting each refused entry; a failed request is fatal. */
const tallyResults = (
  tally: Tally,
  results: ReadonlyArray<E.Either<SimperiumError, unknown>>,
  shown: Progress,
): void => {
  for (const result of results) {
    if (E.isRight(result)) {
      tally.done += 1;
      continue;
    }
    tally.failed += 1;
    if (result.left._tag === 'ChangeError') shown.note(describeError(result.left));
    else tally.fatal ??= describeError(result.left);
  }
};

/** Imports the rows; resolves with the exit status once the summary is printed. */
const importRows = async (
  bucket: Bucket<JsonObject>,
  options: ImportOptions,
  io: Io,
): Promise<ExitCode> => {
  const file = options.in;
  const input = (): AsyncIterable<string | Uint8Array> =>
    untilStopped(file === undefined ? io.stdin : createReadStream(file), io.stop);
  const total = file === undefined ? undefined : await countRows(input());
  const shown = progress(io.stderr, { total, now: io.now, every: options.progressEvery });
  const tally: Tally = { done: 0, failed: 0 };
  for await (const lines of batches<ReadLine>(readRows(input()), options.batch)) {
    const rows: Row[] = [];
    for (const line of lines) {
      if ('row' in line) rows.push(line.row);
      else shown.note(`line ${line.line}: ${line.problem}`);
    }
    tally.failed += lines.length - rows.length;
    const entries = rows.map((row) => entryOf(row, options.withVersions));
    tallyResults(tally, (await writeBatch(bucket, entries, io.stop)) ?? [], shown);
    shown.update(tally.done, tally.failed);
    if (tally.fatal !== undefined || io.stop.aborted) break;
  }
  shown.finish();
  if (io.stop.aborted) tally.fatal ??= 'stopped before the end of the input';
  const failed = tally.failed > 0 ? `; ${tally.failed} failed` : '';
  writeLine(io.stderr, `imported ${objectCount(tally.done)} into ${bucket.name}${failed}`);
  if (tally.fatal !== undefined) writeLine(io.stderr, tally.fatal);
  return tally.fatal === undefined && tally.failed === 0 ? EXIT.ok : EXIT.failure;
};

/** A file's or stdin's error (ENOENT, EACCES, EISDIR …), as opposed to a defect. */
const isSystemError = (err: unknown): err is NodeJS.ErrnoException =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as NodeJS.ErrnoException).code === 'string' &&
  typeof (err as NodeJS.ErrnoException).message === 'string';

export const importCommand: Command = {
  name: 'import',
  summary: 'write NDJSON objects into a bucket',
  usage: IMPORT_USAGE,
  run: async (argv, io) => {
    const args = parseImportArgs(argv, io.env);
    if (args.kind === 'help') return showHelp(io, IMPORT_USAGE);
    if (args.kind === 'error') return badUsage(io, args.message, IMPORT_USAGE);
    const api = openApi(args.options.connection);
    if ('refused' in api) return badUsage(io, api.refused, IMPORT_USAGE);
    const stderr = redacting(io.stderr, [args.options.connection.token]);
    try {
      return await importRows(api.bucket(args.options.bucket), args.options, { ...io, stderr });
    } catch (err) {
      if (!isSystemError(err)) throw err;
      writeLine(stderr, `cannot read ${args.options.in ?? 'stdin'}: ${err.message}`);
      return EXIT.failure;
    }
  },
};
