/**
 * Creating or modifying an object, as `POST {bucket}/i/{id}[/v/{n}]` does.
 *
 * The posted keys are merged into the object's top level, or replace it whole with `replace`.
 * With a base version `n` older than the current one, the edit is expressed as a diff against
 * version `n` and rebased (`transformAll`) over every change made since, so concurrent string
 * edits both survive. Everything happens in one transaction.
 */
import type { JsonObject, ObjectDiff } from '../jsondiff/types';
import { JsonDiffError, apply, diff, transformAll } from '../jsondiff';
import type { Access } from './access';
import type { Storage } from './storage';
import type { ObjectHead, ObjectRef } from './storage/objects';
import { HttpFailure, fail } from './http-util';

export interface PostParams {
  readonly data: JsonObject;
  /** The version the edit was made against (`/v/{n}`). */
  readonly baseVersion?: number;
  readonly replace: boolean;
  readonly ccid?: string;
  readonly clientid: string;
}

export interface WriteResult {
  readonly version: number;
  readonly data: JsonObject;
}

const isEmpty = (d: ObjectDiff): boolean => Object.keys(d).length === 0;

const merged = (base: JsonObject, posted: JsonObject, replace: boolean): JsonObject =>
  replace ? posted : { ...base, ...posted };

/** The diffs leading from version `from` to the current version, in order. */
const diffsSince = (storage: Storage, ref: ObjectRef, from: number): ObjectDiff[] => {
  const versions = storage.objects.versionsFrom(ref, from);
  return versions.slice(1).map((v, i) => diff(versions[i]?.data ?? {}, v.data));
};

/** The object's new data, or a failure (404 for an unknown base version). */
const nextData = (
  storage: Storage,
  ref: ObjectRef,
  head: ObjectHead | undefined,
  params: PostParams,
): JsonObject => {
  const current = head?.data ?? null;
  if (params.baseVersion === undefined || current === null || head === undefined) {
    if (params.baseVersion !== undefined) return fail(404, 'version not found');
    return merged(current ?? {}, params.data, params.replace);
  }
  if (params.baseVersion === head.version) return merged(current, params.data, params.replace);
  const base =
    params.baseVersion < head.version
      ? storage.objects.version(ref, params.baseVersion)
      : undefined;
  if (base === undefined) return fail(404, 'version not found');
  const local = diff(base, merged(base, params.data, params.replace));
  return apply(current, transformAll(local, diffsSince(storage, ref, params.baseVersion), base));
};

const applyPost = (storage: Storage, access: Access, params: PostParams): WriteResult => {
  const { ref } = access;
  if (params.ccid !== undefined && storage.changes.hasCcid(ref, params.ccid)) {
    return fail(409, 'duplicate ccid');
  }
  const head = storage.objects.head(ref);
  const current = head?.data ?? null;
  const data = nextData(storage, ref, head, params);
  const change = diff(current ?? {}, data);
  if (head !== undefined && current !== null && isEmpty(change)) {
    return fail(412, '', { 'X-Simperium-Version': String(head.version) });
  }
  const version = (head?.version ?? 0) + 1;
  const cv = storage.nextCv();
  storage.apps.touchBucket(ref.app, ref.bucket);
  storage.objects.write(ref, version, data, cv);
  storage.changes.append({
    ...ref,
    cv,
    op: 'M',
    sv: current === null ? null : (head?.version ?? null),
    ev: version,
    diff: change,
    ccid: params.ccid ?? null,
    clientid: params.clientid,
    author: access.reader,
    audience: null,
  });
  return { version, data };
};

/**
 * Applies a POST for a writer (the caller checks write access). Returns the new version and
 * data. Throws an `HttpFailure`: 404 unknown base version (or a base version on a missing or
 * deleted object), 409 ccid already applied to this object, 412 nothing changed (with the
 * current version in `X-Simperium-Version`), 400 a diff that cannot be applied.
 */
export const postObject = (storage: Storage, access: Access, params: PostParams): WriteResult => {
  try {
    return storage.transaction(() => applyPost(storage, access, params));
  } catch (err) {
    if (err instanceof HttpFailure) throw err;
    if (err instanceof JsonDiffError) return fail(400, 'change cannot be applied');
    throw err;
  }
};
