/**
 * The change feeds and the bucket list: `GET /1/{app}/{bucket}/changes` (one user's changes),
 * `GET /1/{app}/{bucket}/all` (every user's, admin key) and `GET /1/{app}/buckets` (admin key).
 * The feeds long-poll: with nothing after `cv` they hold the request until a write gives them
 * something to say or the poll window passes (then `[]`); `wait=0` answers at once.
 */
import type { JsonObject } from '../../jsondiff/types';
import { idFor } from '../domain/access';
import { requireAdmin, requireUser } from './credentials';
import { ZERO_CV } from '../domain/cv';
import type { Exchange } from './exchange';
import type { Poll } from './feeds';
import { fail } from '../domain/failure';
import { sendJson } from './http-util';
import { cvParam, flag, idParam, positiveInt } from './query';
import { mostRecentOnly, toWire, type WireChange } from '../domain/wire';

/** Most changes in one `changes` answer. */
export const CHANGES_PER_ANSWER = 100;
/** Default and largest `batch` of `all`. */
export const ALL_BATCH = { default: 100, max: 1000 } as const;

/** The cv to read after: the zero cursor when absent; 404 when this bucket never issued it. */
const startingCv = (ex: Exchange, bucket: string): string => {
  const cv = cvParam(ex.query, 'cv') ?? ZERO_CV;
  if (cv !== ZERO_CV && !ex.state.storage.changes.issued(ex.app.id, bucket, cv)) {
    return fail(404, 'unknown cv');
  }
  return cv;
};

const waits = (ex: Exchange): boolean => !ex.query.has('wait') || flag(ex.query, 'wait');

/** Answers at once when `poll` has something (or waiting is off), else holds the request. */
const answerOrHold = (ex: Exchange, bucket: string, poll: Poll, wait: boolean): void => {
  const answer = poll();
  if (answer !== undefined || !wait) {
    sendJson(ex.res, 200, answer ?? []);
    return;
  }
  ex.state.feeds.hold(ex.app.id, bucket, ex.res, poll, ex.state.pollWindowMs);
};

/** The value cached under `key`, computing and caching it on first use. */
const once = <A>(cache: Map<string, A>, key: string, compute: () => A): A => {
  if (cache.has(key)) return cache.get(key) as A;
  const value = compute();
  cache.set(key, value);
  return value;
};

const nonEmpty = <A>(list: ReadonlyArray<A>): ReadonlyArray<A> | undefined =>
  list.length === 0 ? undefined : list;

/**
 * Answers the changes visible to the request's user after `cv` (own objects, and objects shared
 * with them since the share), oldest first, at most 100. Query: `cv` (default: from the
 * start), `clientid`, `wait=0`. Throws an `HttpFailure`: 400 malformed cv or query value,
 * 401/403 credentials, 404 a cv this bucket never issued. A held request whose token is revoked
 * (password change or reset) or whose user is deleted meanwhile is answered 401 (404 for an
 * admin acting as a deleted user) at the next write to the bucket, never with a change.
 */
export const handleChanges = (ex: Exchange, bucket: string): void => {
  const { storage } = ex.state;
  const user = requireUser(storage, ex.app, ex.req.headers);
  idParam(ex.query, 'clientid');
  const wait = waits(ex);
  const after = startingCv(ex, bucket);
  let held = false;
  const poll: Poll = () => {
    // A held request outlives its check: a token revoked meanwhile must not see another change.
    if (held && requireUser(storage, ex.app, ex.req.headers) !== user) fail(401, 'invalid token');
    held = true;
    return nonEmpty(
      storage.changes
        .forUser(ex.app.id, bucket, user, after, CHANGES_PER_ANSWER)
        .map((change) => toWire(change, idFor(user, change))),
    );
  };
  answerOrHold(ex, bucket, poll, wait);
};

/**
 * Answers every user's changes after `cv`, ids as `{userid}/{id}`, oldest first. Query: `cv`,
 * `data=1` (the object's latest data as `d`), `username=1` (the author's), `most_recent=1`
 * (newest change per object only), repeated `skip_clientid`, `batch` (default 100, at most
 * 1000), `wait=0`. Admin key only. Throws an `HttpFailure` like `handleChanges`.
 */
export const handleAll = (ex: Exchange, bucket: string): void => {
  const { storage } = ex.state;
  const app = ex.app.id;
  requireAdmin(storage, ex.app, ex.req.headers);
  const withData = flag(ex.query, 'data');
  const withUsername = flag(ex.query, 'username');
  const mostRecent = flag(ex.query, 'most_recent');
  const batch = positiveInt(ex.query, 'batch', ALL_BATCH.default, ALL_BATCH.max);
  const skip = ex.query.getAll('skip_clientid');
  const wait = waits(ex);
  const after = startingCv(ex, bucket);
  const poll: Poll = () => {
    const changes = storage.changes
      .forAll(app, bucket, after, batch, skip)
      .map((change) => ({ id: `${change.owner}/${change.objectId}`, change }));
    // Each object's data and each author's name are looked up once per answer.
    const data = new Map<string, JsonObject | undefined>();
    const names = new Map<string, string | undefined>();
    return nonEmpty(
      (mostRecent ? mostRecentOnly(changes) : changes).map(({ id, change }): WireChange => {
        const d = withData ? once(data, id, () => storage.objects.head(change)?.data) : undefined;
        const username = withUsername
          ? once(names, change.author, () => storage.users.findById(app, change.author)?.username)
          : undefined;
        return { ...toWire(change, id), ...(d ? { d } : {}), ...(username ? { username } : {}) };
      }),
    );
  };
  answerOrHold(ex, bucket, poll, wait);
};

/** Answers `{"buckets": [{"name"}…]}`: every bucket of the app that was ever written to. Admin key only. */
export const handleBuckets = (ex: Exchange): void => {
  requireAdmin(ex.state.storage, ex.app, ex.req.headers);
  const names = ex.state.storage.apps.buckets(ex.app.id);
  sendJson(ex.res, 200, { buckets: names.map((name) => ({ name })) });
};
