/**
 * Sharing an object with another user of the app, as `POST {bucket}/i/{id}/share/{username}`
 * does, and ending a share, as `DELETE` on the same path does: the owner withdraws it, or its
 * target declines it. While shared, the object appears to the target as `{ownerUserId}/{id}`; a
 * new share is announced in the target's change feed by a change that creates the object there,
 * and an ended one by a change that deletes it there.
 */
import { diff } from '../../jsondiff';
import type { Access } from './access';
import type { Storage } from '../storage';
import type { ChangeRecord } from '../storage/changes';
import { fail } from './failure';
import type { CommittedChange } from './subscribers';

export interface ShareParams {
  readonly username: string;
  readonly writeAccess: boolean;
  readonly ccid?: string;
  readonly clientid: string;
}

/** Appends a change addressed to `target` alone and returns it as subscribers are offered it. */
const announce = (
  storage: Storage,
  access: Access,
  target: string,
  fields: Pick<ChangeRecord, 'cv' | 'op' | 'sv' | 'ev' | 'diff' | 'ccid' | 'clientid'>,
  dataText: string | null,
): CommittedChange => {
  const record: ChangeRecord = {
    ...access.ref,
    ...fields,
    author: access.reader,
    audience: target,
  };
  const diffText = record.diff === null ? null : JSON.stringify(record.diff);
  storage.changes.append(record, diffText);
  const { diff: _diff, ...rest } = record;
  return { ...rest, diffText, dataText };
};

/**
 * Shares the object (or changes an existing share's write access) in one transaction. Returns the
 * change that announces a new share to its target, or `undefined` when the share existed. Throws
 * an `HttpFailure`: 403 the reader is not the owner, 404 object missing or deleted, 404 unknown
 * target user, 400 sharing with oneself.
 */
export const shareObject = (
  storage: Storage,
  access: Access,
  params: ShareParams,
): CommittedChange | undefined =>
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
      return undefined;
    }
    const cv = storage.nextCv();
    storage.shares.add(ref, target.id, params.writeAccess, cv);
    return announce(
      storage,
      access,
      target.id,
      {
        cv,
        op: 'M',
        sv: null,
        ev: head.version,
        diff: diff({}, head.data),
        ccid: params.ccid ?? null,
        clientid: params.clientid,
      },
      JSON.stringify(head.data),
    );
  });

export interface UnshareParams {
  /** The target's username: another user for the owner, the caller for a target declining. */
  readonly username: string;
  readonly ccid?: string;
  readonly clientid: string;
}

/**
 * Ends a share in one transaction: the owner withdraws the one made to `username`, or the target
 * (reading the object as `{ownerUserId}/{id}`) declines the one made to them, naming themself.
 * The object then leaves the target's index and feed: the changes that announced it to them are
 * emptied and no longer shown (they stay valid cursors), and a deletion (`o: '-'`, `sv` = `ev` =
 * the current version) is addressed to them, which this returns. Throws an `HttpFailure`: 403 a
 * target naming someone else, 404 unknown user, or no such share.
 */
export const unshareObject = (
  storage: Storage,
  access: Access,
  params: UnshareParams,
): CommittedChange =>
  storage.transaction(() => {
    const { ref } = access;
    const named = storage.users.findByName(ref.app, params.username);
    if (named === undefined) return fail(404, 'unknown user');
    if (!access.isOwner && named.id !== access.reader) {
      return fail(403, 'only the owner or the target can end a share');
    }
    if (!storage.shares.remove(ref, named.id)) return fail(404, 'not shared with this user');
    storage.changes.retireAddressedTo(ref, named.id);
    const version = storage.objects.head(ref)?.version ?? 0;
    return announce(
      storage,
      access,
      named.id,
      {
        cv: storage.nextCv(),
        op: '-',
        sv: version,
        ev: version,
        diff: null,
        ccid: params.ccid ?? null,
        clientid: params.clientid,
      },
      null,
    );
  });
