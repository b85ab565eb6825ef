/**
 * One channel of a socket: a bucket followed for one user, from a successful `init` on. A channel
 * is live once it follows the bucket: it subscribes to the same subscriber index the held
 * long-polls use, and is offered every change its user may see, in cv order, as it commits. It
 * goes live in the same synchronous step that reads its catch-up (a `cv` replay, a first index
 * page), so that no change is both read and offered, or sent out of order; before that, it is sent
 * only the results of its own changes.
 */
import { idFor } from '../domain/access';
import type { CommittedChange, Subscriber } from '../domain/subscribers';
import { wireText } from '../domain/wire';
import type { StoredChange } from '../storage/changes';
import { REVOKED, stillAuthorized, type ChannelAuth } from './auth';
import type { StreamContext } from './context';
import { channelMessage, commandError } from './grammar';
import { jsonArrays, messageBytes } from './messages';

/** What a channel needs of its socket. */
export interface ChannelSocket {
  send(text: string): void;
  /** Ends the socket after a defect. */
  defect(err: unknown): void;
  /** Removes the channel (its credentials no longer hold). */
  drop(channel: StreamChannel): void;
}

/** How many changes acknowledged before a channel is live it remembers, to leave out of a replay. */
export const ACKNOWLEDGED_KEPT = 10_000;

export class StreamChannel {
  private subscription:
    { readonly subscriber: Subscriber; readonly cancel: () => void } | undefined;
  /** The newest cv sent to the channel while live: older ones offered again are skipped. */
  private lastCv = '';
  /**
   * Cvs of the channel's own changes acknowledged before it went live, the newest
   * `ACKNOWLEDGED_KEPT` (a channel that writes and never follows the bucket holds no more).
   */
  private readonly acknowledged = new Set<string>();
  private revocations: number;

  constructor(
    readonly number: number,
    readonly auth: ChannelAuth,
    private readonly ctx: StreamContext,
    private readonly socket: ChannelSocket,
  ) {
    this.revocations = ctx.storage.users.revocations;
  }

  /** Whether the channel follows the bucket. */
  get live(): boolean {
    return this.subscription !== undefined;
  }

  /** Sends `<channel>:<command>:<payload>`. */
  send(command: string, payload: string): void {
    this.socket.send(channelMessage(this.number, command, payload));
  }

  /** Answers a command the channel cannot run (unknown or malformed): `<channel>:?`. */
  refuse(): void {
    this.socket.send(commandError(this.number));
  }

  /** Sends changes' JSON texts as `c` messages, each below the message bound; none for none. */
  sendChanges(texts: Iterable<string>): void {
    for (const array of jsonArrays(texts, messageBytes(this.ctx.limits.maxAnswerBytes))) {
      this.send('c', array);
    }
  }

  /** The change's JSON text as the channel's user sees it (shared objects as `{owner}/{id}`). */
  changeText(change: StoredChange): string {
    return wireText(change, idFor(this.auth.user, change));
  }

  /**
   * Makes every offer still waiting for the channel now, so that what is sent next (the answer to
   * its own change) comes after the changes committed before.
   */
  settle(): void {
    if (this.subscription !== undefined) this.ctx.subscribers.flush(this.subscription.subscriber);
  }

  /**
   * Notes one of the channel's own changes, acknowledged to it directly (after `settle`): once live,
   * its offered copy is skipped; before, a replay skips it.
   */
  acknowledge(cv: string): void {
    if (this.live) this.lastCv = cv;
    else {
      this.acknowledged.add(cv);
      if (this.acknowledged.size > ACKNOWLEDGED_KEPT) {
        this.acknowledged.delete(this.acknowledged.values().next().value as string);
      }
    }
  }

  /** Whether a change was acknowledged to the channel before it went live. */
  wasAcknowledged(cv: string): boolean {
    return this.acknowledged.has(cv);
  }

  /** Whether the channel's credentials still hold (checked again after any revocation). */
  authorized(): boolean {
    const { revocations } = this.ctx.storage.users;
    if (revocations === this.revocations) return true;
    if (!stillAuthorized(this.ctx.storage, this.auth)) return false;
    this.revocations = revocations;
    return true;
  }

  /**
   * Follows the bucket from `after` on: offered changes at or before it are skipped. Call it in
   * the synchronous step that read the channel up to `after`.
   */
  follow(after: string): void {
    this.stop();
    this.lastCv = after;
    this.acknowledged.clear();
    const { app, bucket, user } = this.auth;
    const subscriber: Subscriber = { user, offer: (changes) => this.offer(changes) };
    const cancel = this.ctx.subscribers.subscribe(app.id, bucket, subscriber);
    this.subscription = { subscriber, cancel };
  }

  /** Stops following the bucket. */
  stop(): void {
    this.subscription?.cancel();
    this.subscription = undefined;
  }

  /** Sends the offered changes not sent yet; returns `true` once the channel is done. */
  private offer(changes: ReadonlyArray<CommittedChange>): boolean {
    try {
      if (!this.authorized()) {
        this.send('auth', REVOKED);
        this.socket.drop(this);
        return true;
      }
      const fresh = changes.filter((change) => change.cv > this.lastCv);
      const last = fresh[fresh.length - 1];
      if (last === undefined) return false;
      this.lastCv = last.cv;
      this.sendChanges(fresh.map((change) => this.changeText(change)));
      return false;
    } catch (err) {
      this.socket.defect(err);
      return true;
    }
  }
}
