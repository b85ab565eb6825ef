/**
 * Deleting an object, as `DELETE {bucket}/i/{id}[/v/{n}]` does: the object gets a new version
 * that is a tombstone, and an `o: '-'` change is recorded. Posting to the id later re-creates
 * the object, continuing its version numbers.
 */
import type { Access } from './access';
import { ChangeRejected, applyChange } from './apply-change';
import type { Storage } from '../storage';
import { HttpFailure } from './failure';
import type { CommittedChange } from './subscribers';

export interface DeleteParams {
  /** Only delete if this is the current version (`/v/{n}`). */
  readonly version?: number;
  readonly ccid?: string;
  readonly clientid: string;
}

/** The HTTP failure a DELETE answers a refused change with. */
const failure = (rejected: ChangeRejected): HttpFailure => {
  switch (rejected.reason) {
    case 'duplicate':
      return new HttpFailure(409, 'duplicate ccid');
    case 'bad-version':
      return new HttpFailure(412, 'version is not current', {
        'X-Simperium-Version': String(rejected.currentVersion ?? ''),
      });
    default:
      return new HttpFailure(404, 'not found');
  }
};

/**
 * Deletes the object for a writer (the caller checks write access) in one transaction and
 * returns the change recorded (its `ev` is the tombstone's version). Throws an `HttpFailure`: 409 ccid already applied to this
 * object, 404 object missing or already deleted, 412 `version` is not the current one.
 */
export const deleteObject = (
  storage: Storage,
  access: Access,
  params: DeleteParams,
): CommittedChange => {
  try {
    const { committed } = applyChange(storage, access, {
      edit: { kind: 'delete' },
      baseVersion: params.version,
      ccid: params.ccid,
      clientid: params.clientid,
    });
    return committed;
  } catch (err) {
    if (err instanceof ChangeRejected) throw failure(err);
    throw err;
  }
};
