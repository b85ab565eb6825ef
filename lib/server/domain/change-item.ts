/**
 * One change object, `{id, o: 'M' | '-', v?, sv?, ccid?, d?}`, as an element of
 * `POST {bucket}/changes` and the socket's `c` command carry it, read and applied for a user.
 *
 * `v` is an object diff made against version `sv` (the current version when `sv` is absent; a
 * change made against an older version is rebased); `o: '-'` deletes. `d` is the whole object:
 * alone it sets the object; beside `v`, it is what the object becomes when `v` cannot be applied
 * (unknown object or version, a diff that does not fit). Either way `d` is rebased from `sv` when
 * that version is known, and set on the current version otherwise. A refused change comes back as
 * Simperium's change error code.
 */
import type { JsonObject } from '../../jsondiff/types';
import type { Storage } from '../storage';
import { idFor, requireWrite, resolveAccess } from './access';
import { ChangeRejected, applyChangeIn, type ChangeRequest, type Rejection } from './apply-change';
import { InvalidChange, readChange } from './change-request';
import { HttpFailure } from './failure';
import type { CommittedChange } from './subscribers';
import { toWire, type WireChange } from './wire';

/** Who makes the changes, where. */
export interface ChangeScope {
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

/** The change as recorded, or why it was refused. */
export type ChangeResult = WireChange | ChangeError;

/** Where the protocols answer one change differently (the rules themselves are the same). */
export interface ChangeDialect {
  /** The code for deleting an object that is already deleted. */
  readonly deletedAgain: 404 | 412;
  /** Whether a `d` shaped `{version, data}` is read as `data` at `version` (node-simperium's ghost). */
  readonly unwrapGhost: boolean;
}

/** The HTTP API's answers: an object already deleted is not found. */
export const HTTP_DIALECT: ChangeDialect = { deletedAgain: 404, unwrapGhost: false };

const ERROR_CODES: Readonly<Record<Exclude<Rejection, 'deleted'>, number>> = {
  'bad-diff': 400,
  missing: 404,
  'bad-version': 405,
  duplicate: 409,
  empty: 412,
  unappliable: 440,
};

/** Whether a refused attempt lets the next one (setting `d`) be tried. */
const FALLS_BACK = new Set<Rejection>(['missing', 'bad-version', 'unappliable', 'bad-diff']);

/**
 * Applies one change object for `scope.reader` inside the caller's transaction (own objects by
 * plain id; objects shared with them with write access as `{ownerUserId}/{id}`), adding what it
 * commits to `committed`. Returns the change as recorded (`{id, o, v?, sv?, ev, cv, ccids,
 * clientid}`) or `{id, ccids, clientid, error}`: 400 malformed change or id, 401 read-only share,
 * 404 object not found (a deletion, or `sv` on an unknown object; also objects the user cannot
 * see), 404 or 412 (`dialect`) deleting an object already deleted, 405 bad `sv`, 409 ccid already
 * applied, 412 empty change, 440 diff could not be applied. Throws only for a defect.
 */
export const applyChangeItem = (
  storage: Storage,
  scope: ChangeScope,
  item: JsonObject,
  committed: CommittedChange[],
  dialect: ChangeDialect = HTTP_DIALECT,
): ChangeResult => {
  const id = typeof item['id'] === 'string' ? item['id'] : '';
  const ccids = typeof item['ccid'] === 'string' ? [item['ccid']] : [];
  const refused = (error: number): ChangeError => ({ id, ccids, clientid: scope.clientid, error });
  try {
    const requests = readChange(item, scope.clientid, dialect.unwrapGhost);
    const access = resolveAccess(storage, scope.app, scope.bucket, scope.reader, id);
    requireWrite(access);
    const attempt = (i: number): ChangeResult => {
      try {
        const applied = applyChangeIn(storage, access, requests[i] as ChangeRequest);
        committed.push(applied.committed);
        return toWire(applied.record, idFor(scope.reader, access.ref));
      } catch (err) {
        const next = i + 1 < requests.length;
        if (next && err instanceof ChangeRejected && FALLS_BACK.has(err.reason)) {
          return attempt(i + 1);
        }
        throw err;
      }
    };
    return attempt(0);
  } catch (err) {
    if (err instanceof InvalidChange) return refused(400);
    if (err instanceof ChangeRejected) {
      return refused(err.reason === 'deleted' ? dialect.deletedAgain : ERROR_CODES[err.reason]);
    }
    // Access: 400 malformed id, 404 not visible to the user, 403 a read-only share.
    if (err instanceof HttpFailure) return refused(err.status === 403 ? 401 : err.status);
    throw err;
  }
};
