/**
 * A batch of change objects, as `POST {bucket}/changes` carries them (or a slice of one), applied
 * in one transaction.
 *
 * Each change is `{id, o: 'M' | '-', v?, sv?, ccid?, d?}`: `v` is an object diff made against
 * version `sv` (the current version when `sv` is absent; a change made against an older version
 * is rebased, as a POST to `/v/{n}` is), `d` without `v` sets the whole object, and `o: '-'`
 * deletes. Changes are applied in order; a refused change leaves no trace (every refusal is found
 * before anything is written, so no savepoint is needed) and does not stop the others; every
 * accepted change is committed at once.
 */
import { isRecord } from '../../jsondiff/guards';
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import { idFor, requireWrite, resolveAccess } from './access';
import {
  ChangeRejected,
  applyChangeIn,
  type AppliedChange,
  type ChangeRequest,
  type Rejection,
} from './apply-change';
import type { CommittedChange } from './subscribers';
import type { Storage } from '../storage';
import { HttpFailure } from './failure';
import { toWire, type WireChange } from './wire';

export interface BatchScope {
  readonly app: string;
  readonly bucket: string;
  /** The user the changes are made for. */
  readonly reader: string;
  readonly clientid: string;
}

/** A refused change: Simperium's change error code with the change's id and ccid. */
export interface ChangeError {
  readonly id: string;
  readonly ccids: ReadonlyArray<string>;
  readonly clientid: string;
  readonly error: number;
}

/** One result per change, in order: the change as recorded, or why it was refused. */
export type BatchResult = WireChange | ChangeError;

/** Simperium's change error codes (400 invalid change, 404 object not found, 405 bad `sv` …). */
const ERROR_CODES: Readonly<Record<Rejection, number>> = {
  'bad-diff': 400,
  missing: 404,
  'bad-version': 405,
  duplicate: 409,
  empty: 412,
  unappliable: 440,
};

class InvalidChange extends Error {}

const invalid = (why: string): never => {
  throw new InvalidChange(why);
};

const optional = <A>(item: JsonObject, key: string, read: (u: unknown) => A): A | undefined =>
  Object.prototype.hasOwnProperty.call(item, key) ? read(item[key]) : undefined;

const ccidOf = (u: unknown): string =>
  typeof u === 'string' && u !== '' && u.length <= 256 ? u : invalid('ccid');

const versionOf = (u: unknown): number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? u : invalid('sv');

/** The request a change object makes; throws `InvalidChange` for a malformed one. */
const readChange = (item: JsonObject, clientid: string): ChangeRequest => {
  const ccid = optional(item, 'ccid', ccidOf);
  const baseVersion = optional(item, 'sv', versionOf);
  if (item['o'] === '-') return { edit: { kind: 'delete' }, baseVersion, ccid, clientid };
  if (item['o'] !== 'M') return invalid('o');
  const v = optional(item, 'v', (u) => (isRecord(u) ? (u as ObjectDiff) : invalid('v')));
  const d = optional(item, 'd', (u) => (isRecord(u) ? (u as JsonObject) : invalid('d')));
  const edit =
    v === undefined && d !== undefined
      ? ({ kind: 'replace', data: d } as const)
      : ({ kind: 'diff', diff: v ?? {} } as const);
  return { edit, baseVersion, ccid, clientid };
};

/** The outcome of a batch: one result per change, and the changes committed, for subscribers. */
export interface BatchOutcome {
  /** One per change applied or refused, in order: as many as `changes`, unless time ran out. */
  readonly results: BatchResult[];
  readonly committed: CommittedChange[];
}

/** Applies one change; `d` that cannot be rebased (unknown object or version) sets the object. */
const applyOne = (
  storage: Storage,
  scope: BatchScope,
  item: JsonObject,
  committed: CommittedChange[],
): BatchResult => {
  const id = typeof item['id'] === 'string' ? item['id'] : '';
  const ccids = typeof item['ccid'] === 'string' ? [item['ccid']] : [];
  const refused = (error: number): ChangeError => ({
    id,
    ccids,
    clientid: scope.clientid,
    error,
  });
  try {
    const request = readChange(item, scope.clientid);
    const access = resolveAccess(storage, scope.app, scope.bucket, scope.reader, id);
    requireWrite(access);
    const run = (req: ChangeRequest): WireChange => {
      const applied: AppliedChange = applyChangeIn(storage, access, req);
      committed.push(applied.committed);
      return toWire(applied.record, idFor(scope.reader, access.ref));
    };
    try {
      return run(request);
    } catch (err) {
      const rebaseFailed =
        err instanceof ChangeRejected && (err.reason === 'missing' || err.reason === 'bad-version');
      if (!rebaseFailed || request.edit.kind !== 'replace') throw err;
      return run({ ...request, baseVersion: undefined });
    }
  } catch (err) {
    if (err instanceof InvalidChange) return refused(400);
    if (err instanceof ChangeRejected) return refused(ERROR_CODES[err.reason]);
    // Access: 400 malformed id, 404 not visible to the user, 403 a read-only share.
    if (err instanceof HttpFailure) return refused(err.status === 403 ? 401 : err.status);
    throw err;
  }
};

/**
 * Applies the changes in order, in one transaction, for `scope.reader` (own objects, by plain
 * id, and objects shared with them with write access, as `{ownerUserId}/{id}`). Returns the
 * changes committed and one result per change: the change as recorded
 * (`{id, o, v?, sv?, ev, cv, ccids, clientid}`), or
 * `{id, ccids, clientid, error}` with 400 malformed change or id, 401 read-only share, 404
 * object not found (a deletion, or `sv` on an unknown object; also objects the user cannot
 * see), 405 bad `sv`, 409 ccid already applied, 412 empty change, 440 diff could not be applied.
 * With a `budgetMs`, stops once that many milliseconds have passed (after at least one change):
 * the caller commits what was done and goes on with the rest in another transaction, letting other
 * work run in between. Throws only for a defect, and then nothing of this transaction is kept.
 */
export const applyChangeBatch = (
  storage: Storage,
  scope: BatchScope,
  changes: ReadonlyArray<JsonObject>,
  budgetMs = Number.POSITIVE_INFINITY,
): BatchOutcome =>
  storage.transaction(() => {
    const committed: CommittedChange[] = [];
    const results: BatchResult[] = [];
    const started = performance.now();
    for (const item of changes) {
      if (results.length > 0 && performance.now() - started >= budgetMs) break;
      results.push(applyOne(storage, scope, item, committed));
    }
    return { results, committed };
  });
