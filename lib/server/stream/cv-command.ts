/**
 * `<ch>:cv:<cv>`: catches the channel up from a cv it was given before. Answered with every change
 * its user may see after that cv, oldest first, in `<ch>:c:[…]` messages below the message bound,
 * or `<ch>:c:[]` when there is none (node-simperium resends its unacknowledged changes only after
 * that first `c`), or `<ch>:cv:?` when the bucket never issued the cv (malformed, empty, unknown,
 * or gone with a deleted user's history): the client then indexes again. The channel goes live in
 * the same step that reads the replay.
 */
import { isCv } from '../domain/cv';
import { isKnownCv, replayUserChanges } from '../domain/replay';
import { CHANGES_PER_ANSWER } from '../domain/feed';
import type { StreamChannel } from './channel';
import type { StreamContext } from './context';
import { messageBytes } from './messages';

/** Runs a `cv` command on `channel`. */
export const cvCommand = (ctx: StreamContext, channel: StreamChannel, cv: string): void => {
  const { storage, limits } = ctx;
  const { app, bucket, user } = channel.auth;
  if (!isCv(cv) || !isKnownCv(storage, app.id, bucket, cv)) {
    channel.send('cv', '?');
    return;
  }
  channel.stop();
  const bound = { count: CHANGES_PER_ANSWER, bytes: messageBytes(limits.maxAnswerBytes) };
  let last = cv;
  let sent = false;
  for (const page of replayUserChanges(storage, { app: app.id, bucket, user, after: cv }, bound)) {
    const texts = page.filter((change) => !channel.wasAcknowledged(change.cv));
    last = (page[page.length - 1] as { cv: string }).cv;
    if (texts.length === 0) continue;
    channel.sendChanges(texts.map((change) => change.text));
    sent = true;
  }
  if (!sent) channel.send('c', '[]');
  channel.follow(last);
};
