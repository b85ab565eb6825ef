/**
 * `GET /1/{app}/{bucket}/index`: one page of the reader's live objects (their own and those
 * shared with them), newest-modified first.
 */
import { idFor } from '../domain/access';
import { requireUser } from './credentials';
import { ZERO_CV } from '../domain/cv';
import type { Exchange } from './exchange';
import { sendJson } from './http-util';
import { cvParam, flag, positiveInt } from './query';

/** Default and largest page size. */
export const INDEX_LIMIT = { default: 100, max: 1000 } as const;

/**
 * Answers `{current, index: [{id, v[, d]}], mark?}`. Query: `limit` (default 100, clamped to
 * 1000), `mark` (the previous page's), `since` (only objects changed after that cv), `data=1`
 * (include each object's data). `mark` is present only when more pages remain; `current` is
 * the newest cv visible to the reader in the bucket, or the zero cursor for an empty bucket.
 * Throws an `HttpFailure`: 400 invalid query value, 401/403 credentials.
 */
export const handleIndex = (ex: Exchange, bucket: string): void => {
  const { storage } = ex.state;
  const user = requireUser(storage, ex.app, ex.req.headers);
  const limit = positiveInt(ex.query, 'limit', INDEX_LIMIT.default, INDEX_LIMIT.max);
  const before = cvParam(ex.query, 'mark');
  const after = cvParam(ex.query, 'since');
  const withData = flag(ex.query, 'data');
  const rows = storage.objects.index({
    app: ex.app.id,
    bucket,
    user,
    before,
    after,
    limit: limit + 1,
    withData,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  sendJson(ex.res, 200, {
    current: storage.changes.latestForUser(ex.app.id, bucket, user) ?? ZERO_CV,
    index: page.map((row) => ({
      id: idFor(user, row),
      v: row.version,
      ...(row.data === undefined ? {} : { d: row.data }),
    })),
    ...(rows.length > limit && last !== undefined ? { mark: last.key } : {}),
  });
};
