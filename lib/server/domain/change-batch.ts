/**
 * A batch of change objects, as `POST {bucket}/changes` carries them (or a slice of one), applied
 * in order in one transaction (see `change-item.ts` for what each change object may say). A
 * refused change leaves no trace (every refusal is found before anything is written, so no
 * savepoint is needed) and does not stop the others; every accepted change is committed at once.
 */
import type { JsonObject } from '../../jsondiff/types';
import type { Storage } from '../storage';
import {
  HTTP_DIALECT,
  applyChangeItem,
  type ChangeDialect,
  type ChangeResult,
  type ChangeScope,
} from './change-item';
import type { CommittedChange } from './subscribers';

export type { ChangeError } from './change-item';

/** Who makes the changes of a batch, where. */
export type BatchScope = ChangeScope;

/** One result per change, in order: the change as recorded, or why it was refused. */
export type BatchResult = ChangeResult;

/** The outcome of a batch: one result per change, and the changes committed, for subscribers. */
export interface BatchOutcome {
  /** One per change applied or refused, in order: as many as `changes`, unless time ran out. */
  readonly results: BatchResult[];
  readonly committed: CommittedChange[];
}

/**
 * Applies the changes in order, in one transaction, for `scope.reader` (see `applyChangeItem` for
 * each result and its error codes; `dialect` says how the protocol answers, HTTP's by default).
 * Returns the changes committed and one result per change. With a `budgetMs`, stops once that
 * many milliseconds have passed (after at least one change): the caller commits what was done and
 * goes on with the rest in another transaction, letting other work run in between. Throws only for
 * a defect, and then nothing of this transaction is kept.
 */
export const applyChangeBatch = (
  storage: Storage,
  scope: BatchScope,
  changes: ReadonlyArray<JsonObject>,
  budgetMs = Number.POSITIVE_INFINITY,
  dialect: ChangeDialect = HTTP_DIALECT,
): BatchOutcome =>
  storage.transaction(() => {
    const committed: CommittedChange[] = [];
    const results: BatchResult[] = [];
    const started = performance.now();
    for (const item of changes) {
      if (results.length > 0 && performance.now() - started >= budgetMs) break;
      results.push(applyChangeItem(storage, scope, item, committed, dialect));
    }
    return { results, committed };
  });
