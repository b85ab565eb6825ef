/**
 * Sharing an object with another user of the app, as `POST {bucket}/i/{id}/share/{username}`
 * does. The object then appears to the target as `{ownerUserId}/{id}`; a new share is
 * announced in the target's change feed by a change that creates the object there.
 */
import { diff } from '../../jsondiff';
import type { Access } from './access';
import type { Storage } from '../storage';
import { fail } from './failure';

export interface ShareParams {
  readonly username: string;
  readonly writeAccess: boolean;
  readonly ccid?: string;
  readonly clientid: string;
}

/**
 * Shares the object (or changes an existing share's write access) in one transaction. Returns
 * whether a new share was made (and so a change recorded). Throws an `HttpFailure`: 403 the
 * reader is not the owner, 404 object missing or deleted, 404 unknown target user, 400 sharing
 * with oneself.
 */
export const shareObject = (storage: Storage, access: Access, params: ShareParams): boolean =>
  storage.transaction(() => {
    const { ref } = access;
    if (!access.isOwner) return fail(403, 'only the owner can share');
    const head = storage.objects.head(ref);
    if (head === undefined || head.data === null) return fail(404, 'not found');
    const target = storage.users.findByName(ref.app, params.username);
    if (target === undefined) return fail(404, 'unknown user');
    if (target.id === ref.owner) return fail(400, 'cannot share with the owner');
    if (storage.shares.find(ref, target.id)) {
      storage.shares.setWriteAccess(ref, target.id, params.writeAccess);
      return false;
    }
    const cv = storage.nextCv();
    storage.shares.add(ref, target.id, params.writeAccess, cv);
    storage.changes.append({
      ...ref,
      cv,
      op: 'M',
      sv: null,
      ev: head.version,
      diff: diff({}, head.data),
      ccid: params.ccid ?? null,
      clientid: params.clientid,
      author: access.reader,
      audience: target.id,
    });
    return true;
  });
