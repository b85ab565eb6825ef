/**
 * Offers to make on later turns of the event loop, a chunk at a time: at most `perTurn` offers, or
 * about `budgetMs` of them (after at least one), per turn, so that other work runs between chunks
 * however many offers wait. Offers are made in the order they were queued; `flush` makes the ones
 * waiting for one recipient at once.
 */

/** How many offers are made per turn of the event loop at most, by default. */
export const OFFERS_PER_TURN = 200;

/** How long the offers of one turn may take, by default, in ms (checked after each offer). */
export const OFFER_BUDGET_MS = 8;

/** One payload to offer to each of `recipients`, in order. */
interface Offer<R, P> {
  readonly recipients: ReadonlyArray<R>;
  readonly payload: P;
  next: number;
  /** Recipients already made this offer out of turn (see `flush`). */
  early?: Set<R>;
}

export class OfferQueue<R, P> {
  private readonly pending: Array<Offer<R, P>> = [];
  private scheduled = false;

  /**
   * @param make makes one offer
   * @param pace most offers per turn, and the time after which a turn makes no more
   */
  constructor(
    private readonly make: (recipient: R, payload: P) => void,
    private readonly pace: { readonly perTurn: number; readonly budgetMs: number },
  ) {}

  /** Queues `payload` for each of `recipients`, to be offered on later turns. */
  enqueue(recipients: ReadonlyArray<R>, payload: P): void {
    this.pending.push({ recipients, payload, next: 0 });
    this.schedule();
  }

  /** Makes every offer still waiting for `recipient` now, oldest first, and not again later. */
  flush(recipient: R): void {
    for (const offer of this.pending) {
      if (offer.recipients.indexOf(recipient, offer.next) < 0) continue;
      if (offer.early?.has(recipient)) continue;
      (offer.early ??= new Set()).add(recipient);
      this.make(recipient, offer.payload);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Makes up to `perTurn` offers, for at most about `budgetMs`, then yields if more wait. */
  private run(): void {
    this.scheduled = false;
    const { perTurn, budgetMs } = this.pace;
    const started = performance.now();
    let budget = perTurn;
    // At least one offer a turn, however slow, so that the offers always go forward.
    const more = (): boolean =>
      budget > 0 && (budget === perTurn || performance.now() - started < budgetMs);
    while (more() && this.pending.length > 0) {
      const offer = this.pending[0] as Offer<R, P>;
      while (more() && offer.next < offer.recipients.length) {
        const recipient = offer.recipients[offer.next] as R;
        offer.next += 1;
        budget -= 1;
        if (!offer.early?.has(recipient)) this.make(recipient, offer.payload);
      }
      if (offer.next >= offer.recipients.length) this.pending.shift();
    }
    if (this.pending.length > 0) this.schedule();
  }
}
