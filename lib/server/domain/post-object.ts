/**
 * Creating or modifying an object, as `POST {bucket}/i/{id}[/v/{n}]` does: the HTTP face of
 * `applyChange` (see `apply-change.ts` for the merge and rebase rules).
 *
 * The posted keys are merged into the object's top level, or replace it whole with `replace`.
 * With a base version `n` older than the current one, the edit is rebased over every change
 * made since, so concurrent string edits both survive. Everything happens in one transaction.
 */
import type { JsonObject } from '../../jsondiff/types';
import type { Access } from './access';
import { ChangeRejected, applyChange, type Rejection } from './apply-change';
import type { Storage } from '../storage';
import { HttpFailure } from './failure';
import type { CommittedChange } from './subscribers';

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
  /** The change as subscribers are offered it. */
  readonly committed: CommittedChange;
}

const ANSWERS: Readonly<Record<Rejection, readonly [number, string]>> = {
  duplicate: [409, 'duplicate ccid'],
  missing: [404, 'version not found'],
  deleted: [404, 'not found'],
  'bad-version': [404, 'version not found'],
  empty: [412, ''],
  'bad-diff': [400, 'change cannot be applied'],
  unappliable: [400, 'change cannot be applied'],
};

/** The HTTP failure a POST answers a refused change with. */
const failure = (rejected: ChangeRejected): HttpFailure => {
  const [status, message] = ANSWERS[rejected.reason];
  const version = rejected.currentVersion;
  const headers: Record<string, string> =
    rejected.reason === 'empty' && version !== undefined
      ? { 'X-Simperium-Version': String(version) }
      : {};
  return new HttpFailure(status, message, headers);
};

/**
 * Applies a POST for a writer (the caller checks write access). Returns the new version and
 * data. Throws an `HttpFailure`: 404 unknown base version (or a base version on a missing or
 * deleted object), 409 ccid already applied to this object, 412 nothing changed (with the
 * current version in `X-Simperium-Version`), 400 a diff that cannot be applied.
 */
export const postObject = (storage: Storage, access: Access, params: PostParams): WriteResult => {
  try {
    const { record, data, committed } = applyChange(storage, access, {
      edit: { kind: params.replace ? 'replace' : 'merge', data: params.data },
      baseVersion: params.baseVersion,
      ccid: params.ccid,
      clientid: params.clientid,
    });
    return { version: record.ev, data: data ?? {}, committed };
  } catch (err) {
    if (err instanceof ChangeRejected) throw failure(err);
    throw err;
  }
};
