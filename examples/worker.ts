/**
 * A backend worker: reacts to every change in an app — every user's, in every bucket — through
 * `all$` with the admin key, and keeps its place in a cursor file, so that after a restart it goes
 * on from where it stopped, missing no change and handling none twice.
 *
 *   SIMPERIUM_APP_ID=… SIMPERIUM_ADMIN_KEY=… SIMPERIUM_BASE_URL=http://127.0.0.1:8080 \
 *     npx tsx examples/worker.ts [--cursors worker-cursors.json] [bucket …]
 *
 * (`SIMPERIUM_BASE_URL` unset: the hosted service.) Without bucket names it follows every bucket
 * of the app, and looks for new ones every 10 s. Each change is handled (here: printed as one
 * line) and its cursor saved (written whole, then renamed over the file) in one synchronous step,
 * so stopped with Ctrl-C or SIGTERM it never misses nor repeats a change. Killed outright between
 * the two (SIGKILL, a power cut), it handles that one change again: a real handler keyed by the
 * change's `id` and `ev` makes that harmless.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { either as E } from 'fp-ts';
import { distinct, exhaustMap, from, map, mergeMap, timer, type Observable } from 'rxjs';
import { Api, type Change, type JsonObject } from 'simperium-rx';

const RELIST_MS = 10_000;

const { SIMPERIUM_APP_ID: appId, SIMPERIUM_ADMIN_KEY: adminKey } = process.env;
const { values, positionals } = parseArgs({
  options: { cursors: { type: 'string', default: 'worker-cursors.json' } },
  allowPositionals: true,
});
if (appId === undefined || adminKey === undefined) {
  console.error('set SIMPERIUM_APP_ID and SIMPERIUM_ADMIN_KEY (and SIMPERIUM_BASE_URL)');
  process.exit(2);
}
const file = values.cursors;

/** The last cursor handled in each bucket. */
const cursors: Record<string, string> = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
  : {};

const saveCursor = (bucket: string, cv: string): void => {
  cursors[bucket] = cv;
  writeFileSync(`${file}.tmp`, JSON.stringify(cursors));
  renameSync(`${file}.tmp`, file); // atomic: the file is the old cursors or the new, never half
};

/** What this worker does with a change: here, one line on stdout. */
const handle = (bucket: string, change: Change<JsonObject>): void =>
  console.log(
    `${bucket} ${change.o === '-' ? 'delete' : 'modify'} ${change.id} v${change.ev} ` +
      `by ${change.username ?? '?'} cv=${change.cv}`,
  );

const api = new Api(appId, adminKey, { baseUrl: process.env.SIMPERIUM_BASE_URL });

/** The buckets named, or every bucket of the app, each once, new ones as they appear. */
const buckets$: Observable<string> =
  positionals.length > 0
    ? from(positionals)
    : timer(0, RELIST_MS).pipe(
        exhaustMap(() => api.buckets$()),
        mergeMap((listed) => {
          if (E.isLeft(listed)) throw new Error(`cannot list the buckets: ${listed.left._tag}`);
          return listed.right;
        }),
        distinct(),
      );

const subscription = buckets$
  .pipe(
    mergeMap((bucket) => {
      const cv = cursors[bucket];
      console.log(`following ${bucket} ${cv === undefined ? 'from the start' : `after ${cv}`}`);
      return api
        .bucket(bucket)
        .all$({ cv, withUsernames: true })
        .pipe(map((item) => [bucket, item] as const));
    }),
  )
  .subscribe({
    next: ([bucket, item]) => {
      if (E.isRight(item)) {
        handle(bucket, item.right);
        saveCursor(bucket, item.right.cv);
      } else if (item.left._tag === 'DecodeError') {
        console.error(`${bucket}: a change that does not decode`, item.left.messages);
      } else {
        // The feed's final Left: credentials refused, or a cursor the server no longer has.
        console.error(`${bucket}: the feed ended: ${JSON.stringify(item.left)}`);
        process.exitCode = 1;
        subscription.unsubscribe();
      }
    },
    error: (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  });

const stop = (): void => {
  subscription.unsubscribe(); // aborts the held requests; the cursors are already saved
  console.log('stopped');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
