/**
 * `simperium-rx tail <bucket>`: follows a bucket's change feed and prints each change, from a
 * given cursor or from now; on exit, prints the cursor to resume from.
 */
import { map, of, Subscription, switchMap, take, type Observable } from 'rxjs';
import type { Bucket } from '../../bucket.js';
import type { Change } from '../../codecs/change.js';
import type { JsonObject } from '../../codecs/json-object.js';
import * as E from '../../either.js';
import type { SimperiumError } from '../../errors.js';
import { changeJson, formatChange } from '../change-line.js';
import { badUsage, showHelp, type Command } from '../command.js';
import { openApi } from '../connection.js';
import { describeError, EXIT, redacting, writeLine, type ExitCode, type Io } from '../io.js';
import { parseTailArgs, TAIL_USAGE, type TailOptions } from './tail-args.js';

type Item = E.Either<SimperiumError, Change<JsonObject>>;

/** The cursor to start after: the one given, else the index's `current` (the newest change). */
const start$ = (bucket: Bucket<JsonObject>, cv: string | undefined) =>
  cv !== undefined
    ? of(E.right<SimperiumError, string>(cv))
    : bucket.indexPages$({ limit: 1 }).pipe(take(1), map(E.map((page) => page.current)));

/**
 * Prints the feed until the user stops it (status 0) or it ends with an error (status 1), then
 * the cursor after the last change printed.
 */
const follow = (bucket: Bucket<JsonObject>, options: TailOptions, io: Io): Promise<ExitCode> =>
  new Promise((resolve) => {
    const color = options.color && io.stdout.isTTY === true;
    let cursor: string | undefined;
    let last: SimperiumError | undefined;
    let done = false;
    const subscription = new Subscription();
    const finish = (status: ExitCode): void => {
      if (done) return;
      done = true;
      subscription.unsubscribe();
      io.stop.removeEventListener('abort', stop);
      if (last?._tag === 'UnknownCursorError') writeLine(io.stderr, 'no cursor to resume from');
      else if (cursor === undefined) writeLine(io.stderr, 'stopped before the feed started');
      else writeLine(io.stderr, `resume with: --cv ${cursor}`);
      resolve(status);
    };
    const stop = (): void => finish(EXIT.ok);
    const feed$: Observable<Item> = start$(bucket, options.cv).pipe(
      switchMap((start) => {
        if (E.isLeft(start)) return of(start);
        cursor = start.right;
        writeLine(io.stderr, `following ${bucket.name} after ${cursor}`);
        return bucket.changes$({ cv: cursor });
      }),
    );
    subscription.add(
      feed$.subscribe({
        next: (item) => {
          last = E.isLeft(item) ? item.left : undefined;
          if (E.isLeft(item)) {
            writeLine(io.stderr, describeError(item.left));
            return;
          }
          cursor = item.right.cv;
          const line = options.json
            ? changeJson(item.right)
            : formatChange(item.right, new Date(io.now()), color);
          writeLine(io.stdout, line);
        },
        complete: () => finish(last === undefined ? EXIT.ok : EXIT.failure),
      }),
    );
    if (io.stop.aborted) stop();
    else if (!done) io.stop.addEventListener('abort', stop, { once: true });
  });

export const tail: Command = {
  name: 'tail',
  summary: "print a bucket's changes as they happen",
  usage: TAIL_USAGE,
  run: async (argv, io) => {
    const args = parseTailArgs(argv, io.env);
    if (args.kind === 'help') return showHelp(io, TAIL_USAGE);
    if (args.kind === 'error') return badUsage(io, args.message, TAIL_USAGE);
    const api = openApi(args.options.connection);
    if ('refused' in api) return badUsage(io, api.refused, TAIL_USAGE);
    const stderr = redacting(io.stderr, [args.options.connection.token]);
    return follow(api.bucket(args.options.bucket), args.options, { ...io, stderr });
  },
};
