/**
 * A change-feed consumer for the soak run: it records the cursor of every change it receives
 * and says, without timers, when it has reached a given cursor.
 */
import * as E from 'fp-ts/Either';
import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import type { Change, ObservableEither, SimperiumError } from '../../lib';

export interface FeedConsumer {
  /** The cursors of the changes received, in arrival order (repeats included). */
  readonly cvs: ReadonlyArray<string>;
  /** The `Left` values received (a decode failure, or the feed's final error). */
  readonly errors: ReadonlyArray<SimperiumError>;
  /**
   * Resolves once a change with a cursor at or after `cv` was received, or once the feed has
   * ended (after a final `Left`), whichever comes first. Rejects if the feed errors (a defect).
   */
  reached(cv: string): Promise<void>;
  /** Unsubscribes from the feed. */
  stop(): void;
}

/**
 * Subscribes to `feed$` at once and keeps what it emits; see {@link FeedConsumer}. Cursors are
 * compared as strings, which orders the local server's cvs (fixed-width hex) by issue order.
 */
export const follow = <A>(feed$: ObservableEither<SimperiumError, Change<A>>): FeedConsumer => {
  const cvs: string[] = [];
  const errors: SimperiumError[] = [];
  const last$ = new BehaviorSubject<string>('');
  const subscription = feed$.subscribe({
    next: (change) => {
      if (E.isLeft(change)) {
        errors.push(change.left);
        return;
      }
      cvs.push(change.right.cv);
      if (change.right.cv > last$.value) last$.next(change.right.cv);
    },
    error: (err: unknown) => last$.error(err),
    complete: () => last$.complete(),
  });
  return {
    cvs,
    errors,
    reached: async (cv) => {
      await firstValueFrom(last$.pipe(filter((last) => last >= cv)), { defaultValue: '' });
    },
    stop: () => {
      subscription.unsubscribe();
      last$.complete();
    },
  };
};
