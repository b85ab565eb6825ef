/**
 * A batch of change objects, as `POST {bucket}/changes` carries them, applied in one transaction.
 *
 * Each change is `{id, o: 'M' | '-', v?, sv?, ccid?, d?}`: `v` is an object diff made against
 * version `sv` (the current version when `sv` is absent; a change made against an older version
 * is rebased, as a POST to `/v/{n}` is), `d` without `v` sets the whole object, and `o: '-'`
 * deletes. Changes are applied in order, each in its own savepoint, so a refused change leaves no
 * trace and does not stop the others; the caller sees every accepted change committed at once.
 */
import { isRecord } from '../../jsondiff/guards';
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import { idFor, requireWrite, resolveAccess } from './access';
import { ChangeRejected, applyChange, type ChangeRequest, type Rejection } from './apply-change';
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

/** Applies one change; `d` that cannot be rebased (unknown object or version) sets the object. */
const applyOne = (storage: Storage, scope: BatchScope, item: JsonObject): BatchResult => {
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
    const run = (req: ChangeRequest): WireChange =>
      toWire(applyChange(storage, access, req).record, idFor(scope.reader, access.ref));
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
 * id, and objects shared with them with write access, as `{ownerUserId}/{id}`). Returns one
 * result per change: the change as recorded (`{id, o, v?, sv?, ev, cv, ccids, clientid}`), or
 * `{id, ccids, clientid, error}` with 400 malformed change or id, 401 read-only share, 404
 * object not found (a deletion, or `sv` on an unknown object; also objects the user cannot
 * see), 405 bad `sv`, 409 ccid already applied, 412 empty change, 440 diff could not be applied.
 * Throws only for a defect, and then nothing of the batch is kept.
 */
export const applyChangeBatch = (
  storage: Storage,
  scope: BatchScope,
  changes: ReadonlyArray<JsonObject>,
): BatchResult[] =>
  storage.transaction(() => changes.map((item) => applyOne(storage, scope, item)));
