/**
 * Who a channel acts for, and the check made again, before its next command or offer, once tokens
 * were revoked anywhere (a password changed or reset, a user deleted): as over HTTP, a channel
 * whose token no longer holds is told so (`auth` with a 401) and dropped.
 */
import type { KnownApp } from '../domain/apps';
import { actingUser, callerOfHash } from '../domain/callers';
import { HttpFailure } from '../domain/failure';
import type { Storage } from '../storage';

/** Who a channel acts for, where, and what to check again after a revocation. */
export interface ChannelAuth {
  readonly app: KnownApp;
  readonly bucket: string;
  readonly user: string;
  /** The `clientid` of `init`, recorded with the channel's changes. */
  readonly clientid: string;
  /** The SHA-256 of the secret `init` presented. */
  readonly secretHash: Buffer;
  /** The user the admin key acts as (`init`'s `user`). */
  readonly actAs: string | undefined;
}

/** The `auth` failure a channel whose token was revoked gets. */
export const REVOKED = JSON.stringify({ msg: 'Token invalid', code: 401 });

/** Whether the secret `init` presented still makes the channel act for the same user. */
export const stillAuthorized = (storage: Storage, auth: ChannelAuth): boolean => {
  const { app, secretHash, actAs, user } = auth;
  try {
    const caller = callerOfHash(storage, app, secretHash);
    return actingUser(storage, app, caller, { field: 'user', value: actAs }) === user;
  } catch (err) {
    if (err instanceof HttpFailure) return false;
    throw err;
  }
};
