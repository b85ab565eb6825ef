/**
 * `GET /1/{app}/{bucket}/index`: one page of the reader's live objects (their own and those
 * shared with them), newest-modified first (see `domain/index-page.ts`, which the socket's `i`
 * command shares).
 */
import { INDEX_LIMIT, readIndexPage } from '../domain/index-page';
import { requireUser } from './credentials';
import type { Exchange } from './exchange';
import { sendJsonText } from './http-util';
import { cvParam, flag, positiveInt } from './query';

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
  const query = {
    app: ex.app.id,
    bucket,
    user,
    mark: cvParam(ex.query, 'mark'),
    since: cvParam(ex.query, 'since'),
    limit: positiveInt(ex.query, 'limit', INDEX_LIMIT.default, INDEX_LIMIT.max),
    withData: flag(ex.query, 'data'),
  };
  sendJsonText(ex.res, 200, readIndexPage(storage, query, limits.maxAnswerBytes));
};
