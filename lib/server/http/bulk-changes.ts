/**
 * The bulk write endpoint, `POST /1/{app}/{bucket}/changes` (the Python client's `bulk_post`):
 * a JSON array of change objects applied in order in one transaction (see `change-batch.ts`).
 * Query: `clientid` (recorded with every change), `wait=1` (answer with the results).
 */
import { parseJsonObjectArray } from './body';
import { applyChangeBatch } from '../domain/change-batch';
import { requireUser } from './credentials';
import type { Exchange } from './exchange';
import { sendJson, sendText } from './http-util';
import { flag, idParam } from './query';

/**
 * Applies the posted changes for the request's user and wakes the bucket's held long-polls once,
 * after the commit, when any change was accepted. With `wait=1` answers 200 with one result per
 * change, in order: the change as recorded (`{id, o, v?, sv?, ev, cv, ccids, clientid}`) or an
 * error object (`{id, ccids, clientid, error}`, Simperium's change error codes); without, answers
 * 200 with an empty body once the changes are committed. A refused change does not stop the
 * others. Throws an `HttpFailure` for the request as a whole: 400 a body that is not a JSON array
 * of objects or a malformed query value, 401/403 credentials, 413 a body over the size limit.
 */
export const handleBulkChanges = async (ex: Exchange, bucket: string): Promise<void> => {
  const { storage } = ex.state;
  const reader = requireUser(storage, ex.app, ex.req.headers);
  const clientid = idParam(ex.query, 'clientid') ?? '';
  const wait = flag(ex.query, 'wait');
  const changes = parseJsonObjectArray(await ex.body());
  const scope = { app: ex.app.id, bucket, reader, clientid };
  const results = applyChangeBatch(storage, scope, changes);
  if (results.some((result) => !('error' in result))) ex.state.feeds.notify(ex.app.id, bucket);
  if (wait) sendJson(ex.res, 200, results);
  else sendText(ex.res, 200, '');
};
