/**
 * The change feeds and the bucket list: `GET /1/{app}/{bucket}/changes` (one user's changes),
 * `GET /1/{app}/{bucket}/all` (every user's, admin key) and `GET /1/{app}/buckets` (admin key).
 * The feeds long-poll: with nothing after `cv` they hold the request until a write gives them
 * something to say or the poll window passes (then `[]`); `wait=0` answers at once. Every answer
 * is bounded in changes and in bytes (`maxAnswerBytes`, at least one change).
 */
import type { AnswerBound } from '../domain/answer-bound';
import { ZERO_CV } from '../domain/cv';
import { fail } from '../domain/failure';
import {
  CHANGES_PER_ANSWER,
  collectAllChanges,
  collectUserChanges,
  readAllChanges,
  readUserChanges,
  type AllQuery,
} from '../domain/feed';
import { isKnownCv } from '../domain/replay';
import type { CommittedChange } from '../domain/subscribers';
import { requireAdmin, requireUser } from './credentials';
import type { Exchange } from './exchange';
import type { Answer, PollTarget } from './held-polls';
import { sendJson, sendJsonText } from './http-util';
import { cvParam, flag, idParam, positiveInt } from './query';

/** Default and largest `batch` of `all`. */
export const ALL_BATCH = { default: 100, max: 1000 } as const;

/** The cv to read after: the zero cursor when absent; 404 when this bucket never issued it. */
const startingCv = (ex: Exchange, bucket: string): string => {
  const cv = cvParam(ex.query, 'cv') ?? ZERO_CV;
  return isKnownCv(ex.state.storage, ex.app.id, bucket, cv) ? cv : fail(404, 'unknown cv');
};

const waits = (ex: Exchange): boolean => !ex.query.has('wait') || flag(ex.query, 'wait');

/**
 * Answers `texts` at once when there are some, when waiting is off, or when the poll's holder
 * already has as many polls held as allowed (then `[]`); else holds the request.
 */
const answerOrHold = (
  ex: Exchange,
  texts: ReadonlyArray<string>,
  wait: boolean,
  target: PollTarget,
  answer: Answer,
): void => {
  const { subscribers, polls, limits } = ex.state;
  const capped = subscribers.countFor(target.app, target.user) >= limits.maxHeldPollsPerUser;
  if (texts.length > 0 || !wait || capped) sendJsonText(ex.res, 200, `[${texts.join(',')}]`);
  else polls.hold(ex.res, target, answer);
};

/** Only the changes after `after`: a change committed meanwhile may be older than the cursor. */
const after = (changes: ReadonlyArray<CommittedChange>, cv: string): CommittedChange[] =>
  changes.filter((change) => change.cv > cv);

/**
 * Answers the changes visible to the request's user after `cv` (own objects, and objects shared
 * with them since the share), oldest first, at most 100 and `maxAnswerBytes`. Query: `cv`
 * (default: from the start), `clientid`, `wait=0`. Throws an `HttpFailure`: 400 malformed cv or
 * query value, 401/403 credentials, 404 a cv this bucket never issued. A held request is answered
 * with the changes that wake it, as committed; when tokens were revoked meanwhile (a password
 * change or reset, a user deleted), it checks its own again first and is answered 401 (404 for an
 * admin acting as a deleted user) instead of a change when it is no longer valid.
 */
export const handleChanges = (ex: Exchange, bucket: string): void => {
  const { storage, limits } = ex.state;
  const user = requireUser(storage, ex.app, ex.req.headers);
  idParam(ex.query, 'clientid');
  const wait = waits(ex);
  const cv = startingCv(ex, bucket);
  const bound: AnswerBound = { count: CHANGES_PER_ANSWER, bytes: limits.maxAnswerBytes };
  const query = { app: ex.app.id, bucket, user, after: cv };
  let revocations = storage.users.revocations;
  const answer: Answer = (changes) => {
    if (storage.users.revocations !== revocations) {
      if (requireUser(storage, ex.app, ex.req.headers) !== user) fail(401, 'invalid token');
      revocations = storage.users.revocations;
    }
    return collectUserChanges(after(changes, cv), user, bound);
  };
  answerOrHold(ex, readUserChanges(storage, query, bound), wait, query, answer);
};

/**
 * Answers every user's changes after `cv`, ids as `{userid}/{id}`, oldest first. Query: `cv`,
 * `data=1` (the object's latest data as `d`), `username=1` (the author's), `most_recent=1`
 * (newest change per object only), repeated `skip_clientid`, `batch` (default 100, at most
 * 1000), `wait=0`. At most `maxAnswerBytes` per answer. Admin key only. Throws an `HttpFailure`
 * like `handleChanges`.
 */
export const handleAll = (ex: Exchange, bucket: string): void => {
  const { storage, limits } = ex.state;
  requireAdmin(storage, ex.app, ex.req.headers);
  const query: AllQuery = {
    app: ex.app.id,
    bucket,
    withData: flag(ex.query, 'data'),
    withUsername: flag(ex.query, 'username'),
    mostRecent: flag(ex.query, 'most_recent'),
    skip: ex.query.getAll('skip_clientid'),
    after: '',
  };
  const bound: AnswerBound = {
    count: positiveInt(ex.query, 'batch', ALL_BATCH.default, ALL_BATCH.max),
    bytes: limits.maxAnswerBytes,
  };
  const wait = waits(ex);
  const cv = startingCv(ex, bucket);
  const skip = new Set(query.skip);
  const answer: Answer = (changes) => {
    const shown = after(changes, cv).filter((change) => !skip.has(change.clientid));
    // The latest data of each object is the data after its last change committed here.
    const latest = new Map(shown.map((c) => [`${c.owner}/${c.objectId}`, c.dataText]));
    const names = new Map<string, string | undefined>();
    return collectAllChanges(shown, query, bound, {
      dataText: (change) => latest.get(`${change.owner}/${change.objectId}`),
      username: (author) => {
        if (!names.has(author))
          names.set(author, storage.users.findById(query.app, author)?.username);
        return names.get(author);
      },
    });
  };
  const texts = readAllChanges(storage, { ...query, after: cv }, bound);
  answerOrHold(ex, texts, wait, { app: query.app, bucket }, answer);
};

/** Answers `{"buckets": [{"name"}…]}`: every bucket of the app that was ever written to. Admin key only. */
export const handleBuckets = (ex: Exchange): void => {
  requireAdmin(ex.state.storage, ex.app, ex.req.headers);
  const names = ex.state.storage.apps.buckets(ex.app.id);
  sendJson(ex.res, 200, { buckets: names.map((name) => ({ name })) });
};
