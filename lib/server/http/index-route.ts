/**
 * `GET /1/{app}/{bucket}/index`: one page of the reader's live objects (their own and those
 * shared with them), newest-modified first.
 */
import { idFor } from '../domain/access';
import { BoundedTexts } from '../domain/answer-bound';
import { ZERO_CV } from '../domain/cv';
import type { IndexRow } from '../storage/objects';
import { requireUser } from './credentials';
import type { Exchange } from './exchange';
import { sendJsonText } from './http-util';
import { cvParam, flag, positiveInt } from './query';

/** Default and largest page size. */
export const INDEX_LIMIT = { default: 100, max: 1000 } as const;

/** An entry's JSON text, with the object's data as the JSON text stored. */
const entryText = (user: string, row: IndexRow): string =>
  `{"id":${JSON.stringify(idFor(user, row))},"v":${row.version}` +
  `${row.dataText === null ? '' : `,"d":${row.dataText}`}}`;

/**
 * Answers `{current, index: [{id, v[, d]}], mark?}`. Query: `limit` (default 100, clamped to
 * 1000), `mark` (the previous page's), `since` (only objects changed after that cv), `data=1`
 * (include each object's data). A page also stops before `maxAnswerBytes` (after at least one
 * entry). `mark` is present only when more entries remain; `current` is the newest cv visible to
 * the reader in the bucket, or the zero cursor for an empty bucket. Throws an `HttpFailure`: 400
 * invalid query value, 401/403 credentials.
 */
export const handleIndex = (ex: Exchange, bucket: string): void => {
  const { storage, limits } = ex.state;
  const user = requireUser(storage, ex.app, ex.req.headers);
  const limit = positiveInt(ex.query, 'limit', INDEX_LIMIT.default, INDEX_LIMIT.max);
  const query = {
    app: ex.app.id,
    bucket,
    user,
    before: cvParam(ex.query, 'mark'),
    after: cvParam(ex.query, 'since'),
    // One more than the page, to tell whether another page follows.
    limit: limit + 1,
    withData: flag(ex.query, 'data'),
  };
  const page = new BoundedTexts({ count: limit, bytes: limits.maxAnswerBytes });
  let mark: string | undefined;
  let more = false;
  for (const row of storage.objects.index(query)) {
    if (!page.add(entryText(user, row))) {
      more = true;
      break;
    }
    mark = row.key;
  }
  const current = storage.changes.latestForUser(ex.app.id, bucket, user) ?? ZERO_CV;
  const tail = more && mark !== undefined ? `,"mark":"${mark}"` : '';
  sendJsonText(ex.res, 200, `{"current":"${current}","index":${page.json()}${tail}}`);
};
