/**
 * `<ch>:c:<change object>`: one change from the channel's client (see `domain/change-item.ts` for
 * what it may say, and how a change made against an older version is rebased). The channel is
 * answered at once, after every change committed before that it was still to be sent: an accepted
 * change comes back as recorded, its ccid in `ccids` (the acknowledgement), and is offered to every
 * other live channel and held poll whose user may see it; a refused one is answered to this channel
 * only, `<ch>:c:[{"id","ccids","clientid","error":<code>}]`.
 *
 * Where the socket answers differently from the HTTP API: deleting an object that is already
 * deleted is a 412, not a 404 (node-simperium treats 412 as an acknowledgement, while a 404 would
 * leave its delete in flight for good, blocking every later edit of that object from that client);
 * and a `d` shaped `{version, data}` is read as node-simperium's ghost (the data at that version)
 * that it sends after a 405 or 440.
 */
import { isRecord } from '../../jsondiff/guards';
import type { JsonObject } from '../../jsondiff/types';
import { applyChangeBatch } from '../domain/change-batch';
import type { ChangeDialect } from '../domain/change-item';
import { MAX_JSON_DEPTH, readJsonText } from '../domain/json-text';
import type { StreamChannel } from './channel';
import type { StreamContext } from './context';

/** How the socket answers a change (see the module comment). */
export const STREAM_DIALECT: ChangeDialect = { deletedAgain: 412, unwrapGhost: true };

/** Runs a `c` command on `channel`. */
export const changeCommand = (
  ctx: StreamContext,
  channel: StreamChannel,
  payload: string,
): void => {
  const { app, bucket, user, clientid } = channel.auth;
  const reading = readJsonText(payload, MAX_JSON_DEPTH);
  if (!reading.ok || !isRecord(reading.value)) {
    channel.send('c', JSON.stringify([{ id: '', ccids: [], clientid, error: 400 }]));
    return;
  }
  const scope = { app: app.id, bucket, reader: user, clientid };
  const outcome = applyChangeBatch(
    ctx.storage,
    scope,
    [reading.value as JsonObject],
    Number.POSITIVE_INFINITY,
    STREAM_DIALECT,
  );
  channel.settle();
  const result = outcome.results[0];
  if (result !== undefined && 'error' in result) {
    channel.send('c', `[${JSON.stringify(result)}]`);
  } else {
    for (const change of outcome.committed) channel.acknowledge(change.cv);
    channel.sendChanges(outcome.committed.map((change) => channel.changeText(change)));
  }
  // Published in the step that committed it, after the answer: every subscriber is offered
  // changes in cv order, and this channel skips its own.
  ctx.subscribers.publish(app.id, bucket, outcome.committed);
};
