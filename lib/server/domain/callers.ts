/**
 * Who a data request acts for, whatever carries the secret (an HTTP header, a socket's `init`): a
 * user's access token, or the app's admin key acting as a user it names. The app's API key is
 * for the auth API only. The secret is hashed once (SHA-256) and compared, in constant time, with
 * the app's key hashes; a token is then found by that same hash.
 */
import type { Storage } from '../storage';
import { keyKind, type KnownApp } from './apps';
import { fail } from './failure';
import { sha256 } from './tokens';

/** Who presented a secret: the admin key, or a user by their token. */
export type Caller = { readonly admin: true } | { readonly admin: false; readonly userId: string };

/**
 * The caller whose secret has the SHA-256 `secretHash`. Throws a 403 `HttpFailure` for the API
 * key and a 401 for a secret that is no key and no token of the app.
 */
export const callerOfHash = (storage: Storage, app: KnownApp, secretHash: Buffer): Caller => {
  const kind = keyKind(app, secretHash);
  if (kind === 'admin') return { admin: true };
  if (kind === 'api') return fail(403, 'api key cannot access data');
  const userId = storage.users.tokenOwner(app.id, secretHash.toString('hex'));
  return userId === undefined ? fail(401, 'invalid token') : { admin: false, userId };
};

/** The caller presenting `secret` (401 when absent; see `callerOfHash`). */
export const identifyCaller = (
  storage: Storage,
  app: KnownApp,
  secret: string | undefined,
): Caller =>
  callerOfHash(
    storage,
    app,
    sha256(secret === undefined || secret === '' ? fail(401, 'missing token') : secret),
  );

/**
 * The id of the user a caller acts for: a token's own user, or, for the admin key, the user
 * `actAs` names (a 400 `HttpFailure` naming `field`, where the protocol carries it, when absent;
 * 404 when the app has no such user).
 */
export const actingUser = (
  storage: Storage,
  app: KnownApp,
  caller: Caller,
  actAs: { readonly field: string; readonly value: string | undefined },
): string => {
  if (!caller.admin) return caller.userId;
  const userId = actAs.value ?? fail(400, `missing ${actAs.field}`);
  return storage.users.findById(app.id, userId) ? userId : fail(404, 'unknown user');
};
