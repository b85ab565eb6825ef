/**
 * Applying one change to one object: the write that `POST {bucket}/i/{id}[/v/{n}]`,
 * `DELETE {bucket}/i/{id}[/v/{n}]` and every element of `POST {bucket}/changes` share.
 *
 * An edit is made against a base version (the current one when none is given). When the base is
 * older than the current version, the edit is expressed as a diff against the base and rebased
 * (`transformAll`) over every change made since, so concurrent string edits both survive. The
 * change is recorded with `sv` = the version it was applied to and `ev` = the new version.
 * Every reason to refuse a change is found before anything is written, so a refused change
 * leaves nothing behind without a savepoint: `applyChange` runs in its own transaction, and a
 * batch runs `applyChangeIn` inside the one transaction it already holds, which a defect rolls back
 * whole.
 */
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import { JsonDiffError, apply, diff, transformAll } from '../../jsondiff';
import { mayReadVersion, type Access } from './access';
import type { Storage } from '../storage';
import type { ChangeRecord } from '../storage/changes';
import type { ObjectHead } from '../storage/objects';
import type { CommittedChange } from './subscribers';

/** What a change does to the object. */
export type Edit =
  /** Merges the keys into the object's top level (a POST). */
  | { readonly kind: 'merge'; readonly data: JsonObject }
  /** Makes the data the whole object (a POST with `replace=1`, a change's `d`). */
  | { readonly kind: 'replace'; readonly data: JsonObject }
  /** Applies an object diff (a change's `v`). */
  | { readonly kind: 'diff'; readonly diff: ObjectDiff }
  | { readonly kind: 'delete' };

export interface ChangeRequest {
  readonly edit: Edit;
  /** The version the edit was made against; the current version when absent. */
  readonly baseVersion?: number;
  readonly ccid?: string;
  readonly clientid: string;
}

/**
 * Why a change was refused:
 * - `duplicate`: its ccid was already applied to the object;
 * - `missing`: the object does not exist or is deleted, and the change needs it to (an edit made
 *   against a base version), or a deletion names an object that never existed;
 * - `deleted`: a deletion names an object that is already deleted;
 * - `bad-version`: the base version is newer than the current one, no longer stored or older
 *   than the reader's share (see `mayReadVersion`), or a deletion's base version is not the
 *   current one;
 * - `empty`: the change would leave the object as it is;
 * - `bad-diff`: the diff is malformed;
 * - `unappliable`: the diff is well formed but does not fit the object.
 */
export type Rejection =
  'duplicate' | 'missing' | 'deleted' | 'bad-version' | 'empty' | 'bad-diff' | 'unappliable';

/** Thrown for a refused change; nothing was written. */
export class ChangeRejected extends Error {
  override readonly name = 'ChangeRejected';

  constructor(
    readonly reason: Rejection,
    /** The object's current version, when it has one. */
    readonly currentVersion?: number,
  ) {
    super(`change rejected: ${reason}`);
  }
}

export interface AppliedChange {
  /** The change as recorded in the change log. */
  readonly record: ChangeRecord;
  /** The object's new data; `null` after a deletion. */
  readonly data: JsonObject | null;
  /** The change with its diff and the object's data as the JSON texts stored, for subscribers. */
  readonly committed: CommittedChange;
}

type DataEdit = Exclude<Edit, { kind: 'delete' }>;

const reject = (reason: Rejection, currentVersion?: number): never => {
  throw new ChangeRejected(reason, currentVersion);
};

/** The edit applied to `value`. */
const edited = (edit: DataEdit, value: JsonObject): JsonObject => {
  switch (edit.kind) {
    case 'merge':
      return { ...value, ...edit.data };
    case 'replace':
      return edit.data;
    case 'diff':
      return apply(value, edit.diff);
  }
};

/** The diffs leading from the first of `versions` to the last, in order. */
const diffsAlong = (versions: ReadonlyArray<{ data: JsonObject }>): ObjectDiff[] =>
  versions.slice(1).map((v, i) => diff(versions[i]?.data ?? {}, v.data));

/** The object's data once the edit is applied, rebased over newer changes when needed. */
const nextData = (
  storage: Storage,
  access: Access,
  head: ObjectHead | undefined,
  edit: DataEdit,
  baseVersion: number | undefined,
): JsonObject => {
  const current = head?.data ?? null;
  if (baseVersion === undefined) return edited(edit, current ?? {});
  if (head === undefined || current === null) return reject('missing', head?.version);
  if (baseVersion === head.version) return edited(edit, current);
  // The base and every version since, read once (a deletion has no stored version).
  const versions =
    baseVersion < head.version && mayReadVersion(access, baseVersion)
      ? storage.objects.versionsFrom(access.ref, baseVersion)
      : [];
  const base = versions[0]?.version === baseVersion ? versions[0].data : undefined;
  if (base === undefined) return reject('bad-version', head.version);
  const local = edit.kind === 'diff' ? edit.diff : diff(base, edited(edit, base));
  return apply(current, transformAll(local, diffsAlong(versions), base));
};

const write = (storage: Storage, access: Access, request: ChangeRequest): AppliedChange => {
  const { ref } = access;
  const { edit } = request;
  if (request.ccid !== undefined && storage.changes.hasCcid(ref, request.ccid)) {
    return reject('duplicate');
  }
  const head = storage.objects.head(ref);
  const current = head?.data ?? null;
  if (edit.kind === 'delete') {
    if (head === undefined) return reject('missing');
    if (current === null) return reject('deleted', head.version);
    if (request.baseVersion !== undefined && request.baseVersion !== head.version) {
      return reject('bad-version', head.version);
    }
  }
  const data =
    edit.kind === 'delete' ? null : nextData(storage, access, head, edit, request.baseVersion);
  const change = data === null ? null : diff(current ?? {}, data);
  if (change !== null && current !== null && Object.keys(change).length === 0) {
    return reject('empty', head?.version);
  }
  const version = (head?.version ?? 0) + 1;
  const cv = storage.nextCv();
  storage.apps.touchBucket(ref.app, ref.bucket);
  const dataText = storage.objects.write(ref, version, data, cv);
  const op = data === null ? '-' : 'M';
  const sv = current === null ? null : (head?.version ?? null);
  const diffText = change === null ? null : JSON.stringify(change);
  // Written out field by field: spreading objects of several shapes is slow in V8, and every
  // write makes these two.
  const { app, bucket, owner, objectId } = ref;
  const ccid = request.ccid ?? null;
  const { clientid } = request;
  const author = access.reader;
  const applied: ChangeRecord = {
    app,
    bucket,
    owner,
    objectId,
    cv,
    op,
    sv,
    ev: version,
    diff: change,
    ccid,
    clientid,
    author,
    audience: null,
  };
  storage.changes.append(applied, diffText);
  const committed: CommittedChange = {
    app,
    bucket,
    owner,
    objectId,
    cv,
    op,
    sv,
    ev: version,
    diffText,
    ccid,
    clientid,
    author,
    audience: null,
    dataText,
  };
  return { record: applied, data, committed };
};

/** Runs `f`, turning a jsondiff failure into the rejection it stands for. */
const rejecting = <A>(f: () => A): A => {
  try {
    return f();
  } catch (err) {
    if (err instanceof JsonDiffError) {
      throw new ChangeRejected(err.code === 'bad-operation' ? 'bad-diff' : 'unappliable');
    }
    throw err;
  }
};

/**
 * Applies one change inside the caller's transaction (a batch's), as `applyChange` does, with no
 * transaction or savepoint of its own: a refused change has written nothing when it throws.
 */
export const applyChangeIn = (
  storage: Storage,
  access: Access,
  request: ChangeRequest,
): AppliedChange => rejecting(() => write(storage, access, request));

/**
 * Applies one change for a writer (the caller checks write access) and returns it as recorded
 * with the object's new data. Throws `ChangeRejected` for a refused change (see `Rejection`),
 * having written nothing; anything else it throws is a defect, and is rolled back too.
 */
export const applyChange = (
  storage: Storage,
  access: Access,
  request: ChangeRequest,
): AppliedChange => rejecting(() => storage.transaction(() => write(storage, access, request)));
