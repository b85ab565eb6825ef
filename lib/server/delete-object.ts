/**
 * Deleting an object, as `DELETE {bucket}/i/{id}[/v/{n}]` does: the object gets a new version
 * that is a tombstone, and an `o: '-'` change is recorded. Posting to the id later re-creates
 * the object, continuing its version numbers.
 */
import type { Access } from './access';
import type { Storage } from './storage';
import { fail } from './http-util';

export interface DeleteParams {
  /** Only delete if this is the current version (`/v/{n}`). */
  readonly version?: number;
  readonly ccid?: string;
  readonly clientid: string;
}

/**
 * Deletes the object for a writer (the caller checks write access) in one transaction and
 * returns the tombstone's version. Throws an `HttpFailure`: 409 ccid already applied to this
 * object, 404 object missing or already deleted, 412 `version` is not the current one.
 */
export const deleteObject = (storage: Storage, access: Access, params: DeleteParams): number =>
  storage.transaction(() => {
    const { ref } = access;
    if (params.ccid !== undefined && storage.changes.hasCcid(ref, params.ccid)) {
      return fail(409, 'duplicate ccid');
    }
    const head = storage.objects.head(ref);
    if (head === undefined || head.data === null) return fail(404, 'not found');
    if (params.version !== undefined && params.version !== head.version) {
      return fail(412, 'version is not current', { 'X-Simperium-Version': String(head.version) });
    }
    const version = head.version + 1;
    const cv = storage.nextCv();
    storage.objects.write(ref, version, null, cv);
    storage.changes.append({
      ...ref,
      cv,
      op: '-',
      sv: head.version,
      ev: version,
      diff: null,
      ccid: params.ccid ?? null,
      clientid: params.clientid,
      author: access.reader,
      audience: null,
    });
    return version;
  });
