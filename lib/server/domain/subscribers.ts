/**
 * Who waits for the changes of a bucket, indexed by who can see a change: per user for their own
 * feed, and apart for the admin feed (every user's changes). A committed change is offered only to
 * the subscribers of the users who can see it (its owner and the users it is shared with, or the
 * one user a share announcement is addressed to) and to the admin feed's, so the cost of a write
 * grows with the subscribers that can see it, not with every subscriber of the bucket.
 *
 * Publishing never offers anything at once: the offers are made on later turns of the event loop,
 * a chunk at a time (see `offer-queue.ts`), so that the writer is answered first and other
 * requests are served between chunks however many subscribers wake. Held long-polls and the channels of streaming sockets
 * subscribe alike. Writers publish a change in the same synchronous step that commits it, so every
 * subscriber is offered changes in the order of their cvs.
 */
import type { Storage } from '../storage';
import type { StoredChange } from '../storage/changes';
import { OFFER_BUDGET_MS, OFFERS_PER_TURN, OfferQueue } from './offer-queue';

/** A change just committed, as it is offered to subscribers. */
export interface CommittedChange extends StoredChange {
  /** The object's data after this change, as JSON text; `null` after a deletion. */
  readonly dataText: string | null;
}

/** One who waits for the changes of a bucket. */
export interface Subscriber {
  /** The user whose view it follows; absent for the admin feed (every user's changes). */
  readonly user?: string;
  /**
   * Offers changes just committed that this subscriber may see (its user's view, or the changes
   * the admin feed shows), oldest first. Returns `true` when it is done, to be dropped.
   */
  offer(changes: ReadonlyArray<CommittedChange>): boolean;
}

interface BucketSubscribers {
  readonly byUser: Map<string, Set<Subscriber>>;
  readonly admin: Set<Subscriber>;
}

const ADMIN = '\u0000admin';
const key = (app: string, bucket: string): string => `${app}\u0000${bucket}`;

export class Subscribers {
  private readonly buckets = new Map<string, BucketSubscribers>();
  /** Subscriptions per app and holder (user, or the admin), across buckets. */
  private readonly holders = new Map<string, number>();
  /** Each subscriber with the function that removes it. */
  private readonly active = new Map<Subscriber, () => void>();
  private readonly offers: OfferQueue<Subscriber, ReadonlyArray<CommittedChange>>;
  private total = 0;

  /**
   * @param storage where the users a change is shared with are looked up
   * @param perTurn most offers made per turn of the event loop
   * @param budgetMs time after which a turn makes no more offers (after at least one)
   */
  constructor(
    private readonly storage: Storage,
    perTurn = OFFERS_PER_TURN,
    budgetMs = OFFER_BUDGET_MS,
  ) {
    this.offers = new OfferQueue((subscriber, changes) => this.make(subscriber, changes), {
      perTurn,
      budgetMs,
    });
  }

  /** How many subscribers wait right now. */
  get count(): number {
    return this.total;
  }

  /** How many subscribers `user` (the admin feed's when absent) has in `app`, all buckets. */
  countFor(app: string, user: string | undefined): number {
    return this.holders.get(`${app}\u0000${user ?? ADMIN}`) ?? 0;
  }

  /** Adds `subscriber` to the bucket; returns the function that removes it (idempotent). */
  subscribe(app: string, bucket: string, subscriber: Subscriber): () => void {
    const k = key(app, bucket);
    const entry = this.buckets.get(k) ?? { byUser: new Map(), admin: new Set() };
    this.buckets.set(k, entry);
    const set = subscriber.user === undefined ? entry.admin : this.userSet(entry, subscriber.user);
    set.add(subscriber);
    const holder = `${app}\u0000${subscriber.user ?? ADMIN}`;
    this.holders.set(holder, (this.holders.get(holder) ?? 0) + 1);
    this.total += 1;
    const remove = (): void => {
      if (!set.delete(subscriber)) return;
      this.active.delete(subscriber);
      this.total -= 1;
      const left = (this.holders.get(holder) ?? 1) - 1;
      if (left === 0) this.holders.delete(holder);
      else this.holders.set(holder, left);
      if (subscriber.user !== undefined && set.size === 0) entry.byUser.delete(subscriber.user);
      if (entry.byUser.size === 0 && entry.admin.size === 0) this.buckets.delete(k);
    };
    this.active.set(subscriber, remove);
    return remove;
  }

  /**
   * Offers the changes just committed to the bucket (oldest first) to the subscribers that can see
   * them, on later turns of the event loop. Who can see a change is settled now: its owner and the
   * users it is shared with at this moment, or the one user it is addressed to.
   */
  publish(app: string, bucket: string, changes: ReadonlyArray<CommittedChange>): void {
    const entry = this.buckets.get(key(app, bucket));
    if (entry === undefined || changes.length === 0) return;
    const seen = new Map<string, CommittedChange[]>();
    const targets = new Map<string, ReadonlyArray<string>>();
    for (const change of changes) {
      for (const user of this.readers(change, targets)) {
        if (!entry.byUser.has(user)) continue;
        const list = seen.get(user) ?? [];
        list.push(change);
        seen.set(user, list);
      }
    }
    for (const [user, visible] of seen) {
      this.enqueue([...(entry.byUser.get(user) ?? [])], visible);
    }
    const shown = changes.filter((change) => change.audience === null);
    if (entry.admin.size > 0 && shown.length > 0) this.enqueue([...entry.admin], shown);
  }

  /**
   * Offers no change to every subscriber of `user` in `app`, on later turns, so that each checks
   * again whether it may go on (after the user's tokens were revoked, or the user deleted).
   */
  recheck(app: string, user: string): void {
    const prefix = `${app}\u0000`;
    for (const [k, entry] of this.buckets) {
      const set = k.startsWith(prefix) ? entry.byUser.get(user) : undefined;
      if (set !== undefined) this.enqueue([...set], []);
    }
  }

  /**
   * Makes every offer waiting for `subscriber` now, oldest first, so that what it is sent next (a
   * socket's answer to its own change) comes after the changes committed before.
   */
  flush(subscriber: Subscriber): void {
    this.offers.flush(subscriber);
  }

  private make(subscriber: Subscriber, changes: ReadonlyArray<CommittedChange>): void {
    const remove = this.active.get(subscriber);
    if (remove !== undefined && subscriber.offer(changes)) remove();
  }

  private userSet(entry: BucketSubscribers, user: string): Set<Subscriber> {
    const set = entry.byUser.get(user) ?? new Set<Subscriber>();
    entry.byUser.set(user, set);
    return set;
  }

  /** The users who can see `change` (targets of shares looked up once per object). */
  private readers(
    change: CommittedChange,
    targets: Map<string, ReadonlyArray<string>>,
  ): ReadonlyArray<string> {
    if (change.audience !== null) return [change.audience];
    const object = `${change.owner}/${change.objectId}`;
    let shared = targets.get(object);
    if (shared === undefined) {
      shared = this.storage.shares.targets(change);
      targets.set(object, shared);
    }
    return [change.owner, ...shared];
  }

  private enqueue(
    subscribers: ReadonlyArray<Subscriber>,
    changes: ReadonlyArray<CommittedChange>,
  ): void {
    this.offers.enqueue(subscribers, changes);
  }
}
