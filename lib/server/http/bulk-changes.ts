/**
 * The bulk write endpoint, `POST /1/{app}/{bucket}/changes` (the Python client's `bulk_post`):
 * a JSON array of change objects applied in order (see `change-batch.ts`). Query: `clientid`
 * (recorded with every change), `wait=1` (answer with the results).
 *
 * A request holds at most `maxBulkChanges` changes, and is applied in transactions of about
 * `SLICE_MS` each, with a turn of the event loop between them, so other users' requests are
 * served while a large one is applied.
 */
import type { JsonObject } from '../../jsondiff/types';
import { BoundedTexts } from '../domain/answer-bound';
import { applyChangeBatch, type BatchResult } from '../domain/change-batch';
import { fail } from '../domain/failure';
import { parseJsonObjectArray } from './body';
import { requireUser } from './credentials';
import type { Exchange } from './exchange';
import { sendJsonText, sendText } from './http-util';
import { flag, idParam } from './query';

/** Time spent applying changes in one transaction before other requests get a turn, in ms. */
export const SLICE_MS = 20;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The results as one JSON array within `maxBytes`: once the diffs (`v`) would take it past the
 * bound, the later accepted changes are listed without theirs (`{id, o, sv?, ev, cv, ccids,
 * clientid}`), which a writer needs to know where its changes stand.
 */
const resultsText = (results: ReadonlyArray<BatchResult>, maxBytes: number): string => {
  const out = new BoundedTexts({ count: results.length, bytes: maxBytes });
  for (const result of results) {
    if (out.add(JSON.stringify(result))) continue;
    const { v: _v, ...slim } = result as BatchResult & { v?: unknown };
    out.texts.push(JSON.stringify(slim));
  }
  return out.json();
};

/**
 * Applies the posted changes for the request's user, offering each slice's accepted changes to
 * the bucket's subscribers as it commits; once they are all committed, answers. With `wait=1` answers 200 with one
 * result per change, in order: the change as recorded (`{id, o, v?, sv?, ev, cv, ccids,
 * clientid}`; past `maxAnswerBytes`, without `v`) or an error object (`{id, ccids, clientid,
 * error}`, Simperium's change error codes); without, answers 200 with an empty body. A refused
 * change does not stop the others. Throws an `HttpFailure` for the request as a whole: 400 a body
 * that is not a JSON array of objects or a malformed query value, 401/403 credentials, 413 a body
 * over the size limit or more than `maxBulkChanges` changes; then nothing is applied.
 */
export const handleBulkChanges = async (ex: Exchange, bucket: string): Promise<void> => {
  const { storage, limits, subscribers } = ex.state;
  const reader = requireUser(storage, ex.app, ex.req.headers);
  const clientid = idParam(ex.query, 'clientid') ?? '';
  const wait = flag(ex.query, 'wait');
  const changes = parseJsonObjectArray(await ex.body());
  if (changes.length > limits.maxBulkChanges) {
    fail(
      413,
      `too many changes: ${changes.length} in one request, at most ${limits.maxBulkChanges}`,
    );
  }
  const scope = { app: ex.app.id, bucket, reader, clientid };
  const results: BatchResult[] = [];
  let rest: ReadonlyArray<JsonObject> = changes;
  while (rest.length > 0) {
    if (results.length > 0) await nextTurn();
    const outcome = applyChangeBatch(storage, scope, rest, SLICE_MS);
    // Published with the commit, before another writer's later change can be: subscribers are
    // offered changes in the order of their cvs.
    subscribers.publish(ex.app.id, bucket, outcome.committed);
    results.push(...outcome.results);
    rest = rest.slice(outcome.results.length);
  }
  if (wait) sendJsonText(ex.res, 200, resultsText(results, limits.maxAnswerBytes));
  else sendText(ex.res, 200, '');
};
