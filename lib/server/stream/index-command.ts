/**
 * `<ch>:i:<data>:<mark>:<since>:<limit>`: one page of the channel's index, answered
 * `<ch>:i:{"current":…,"index":[{"id","v"[,"d"]}…][,"mark":…]}` (see `domain/index-page.ts`).
 *
 * Fields, any of them empty: `data` `1` adds each object's data as `d`; `mark` is the previous
 * page's (every official client puts it in this second field); `since`, a cv, keeps the objects
 * changed after it; `limit` is the page size (default 100, at most 1000). A page is also cut below
 * the message bound (at least one entry). The first page (no `mark`) makes the channel live, in the
 * same step that reads it. A malformed field is answered `<ch>:?`.
 */
import { isCv } from '../domain/cv';
import { INDEX_LIMIT, readIndexPage } from '../domain/index-page';
import type { StreamChannel } from './channel';
import type { StreamContext } from './context';
import { messageBytes } from './messages';

/** An optional cv field: `undefined` when empty, `null` when malformed. */
const cvField = (field: string): string | undefined | null => {
  if (field === '') return undefined;
  return isCv(field) ? field : null;
};

/** The page size: the default when empty, clamped to the largest, `null` when malformed. */
const limitField = (field: string): number | null => {
  if (field === '') return INDEX_LIMIT.default;
  if (!/^\d{1,9}$/.test(field) || Number(field) === 0) return null;
  return Math.min(Number(field), INDEX_LIMIT.max);
};

/** Runs an `i` command on `channel`. */
export const indexCommand = (ctx: StreamContext, channel: StreamChannel, payload: string): void => {
  const [data = '', markField = '', sinceField = '', limitText = ''] = payload.split(':');
  const mark = cvField(markField);
  const since = cvField(sinceField);
  const limit = limitField(limitText);
  if (mark === null || since === null || limit === null) {
    channel.refuse();
    return;
  }
  const { app, bucket, user } = channel.auth;
  const query = { app: app.id, bucket, user, mark, since, limit, withData: data === '1' };
  const page = readIndexPage(ctx.storage, query, messageBytes(ctx.limits.maxAnswerBytes));
  if (mark === undefined && !channel.live) {
    channel.follow(ctx.storage.changes.latestForUser(app.id, bucket, user) ?? '');
  }
  channel.send('i', page);
};
