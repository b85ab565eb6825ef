/**
 * Resolves the object a request names to where it is stored and what the reader may do with
 * it. A plain id is the reader's own object; `{ownerUserId}/{id}` is an object shared with the
 * reader (or their own, spelled with their id). Objects the reader cannot see are reported as
 * missing (404), so their existence does not leak. The target of a share may read, and write
 * against, the versions from the one current when the share was made: older ones are reported
 * as unknown versions.
 */
import type { ObjectRef } from '../storage/objects';
import type { Storage } from '../storage';
import { fail } from './failure';
import { isPrintable } from '../../text';

/** Owner ids (user ids): letters, digits and `. _ % @ -`, 1 to 256 characters. */
const OWNER_PATTERN = /^[A-Za-z0-9._%@-]{1,256}$/;

/**
 * Object keys: 1 to 256 characters of any well-formed Unicode without control characters or `/`,
 * and not `.` or `..`. The hosted service documents `[A-Za-z0-9._%@-]`; this server also accepts
 * ids with emoji, accents or right-to-left text, which round-trip unchanged.
 */
export const isValidObjectKey = (key: string): boolean =>
  key.length > 0 &&
  Array.from(key).length <= 256 &&
  !key.includes('/') &&
  key !== '.' &&
  key !== '..' &&
  isPrintable(key);

export interface Access {
  readonly ref: ObjectRef;
  /** The user the request acts for. */
  readonly reader: string;
  readonly isOwner: boolean;
  readonly canWrite: boolean;
  /** The oldest version the reader may read; absent when every version is theirs to read. */
  readonly oldestVersion?: number;
}

/**
 * The access `reader` has to the object named `key` in the bucket. Throws a 400 `HttpFailure`
 * for a malformed key and a 404 when the object is someone else's and not shared with the reader.
 */
export const resolveAccess = (
  storage: Storage,
  app: string,
  bucket: string,
  reader: string,
  key: string,
): Access => {
  const slash = key.indexOf('/');
  const owner = slash < 0 ? reader : key.slice(0, slash);
  const objectId = slash < 0 ? key : key.slice(slash + 1);
  if (!isValidObjectKey(objectId) || !OWNER_PATTERN.test(owner))
    return fail(400, 'invalid object id');
  const ref = { app, bucket, owner, objectId };
  if (owner === reader) return { ref, reader, isOwner: true, canWrite: true };
  const share = storage.shares.find(ref, reader) ?? fail(404, 'not found');
  return {
    ref,
    reader,
    isOwner: false,
    canWrite: share.writeAccess,
    oldestVersion: share.version,
  };
};

/**
 * Whether the access covers version `version` of the object (whether that version exists is
 * another matter): every version for the owner, those from the share onward for its target.
 */
export const mayReadVersion = (access: Access, version: number): boolean =>
  version >= (access.oldestVersion ?? 0);

/** The id under which `reader` sees the object at `ref`. */
export const idFor = (reader: string, ref: Pick<ObjectRef, 'owner' | 'objectId'>): string =>
  ref.owner === reader ? ref.objectId : `${ref.owner}/${ref.objectId}`;

/** Throws a 403 `HttpFailure` unless the access allows writing. */
export const requireWrite = (access: Access): void => {
  if (!access.canWrite) fail(403, 'read-only share');
};
