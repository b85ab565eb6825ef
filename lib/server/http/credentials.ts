/**
 * Who is calling. The auth API takes the app's API key (header `X-Simperium-API-Key` or body
 * field `client_id`); admin-only auth endpoints take the admin key (also accepted as
 * `X-Simperium-Token`). The data API takes a user's access token in `X-Simperium-Token`, or the
 * admin key there plus `X-Simperium-User: {userid}` to act as that user.
 *
 * Status codes: a missing key is a 400 on the auth API and a 401 on the data API; an unknown
 * one is a 401; a valid key without the rights needed is a 403. Messages never echo a key.
 *
 * Each check hashes the presented secret once (SHA-256) and compares it, in constant time, with
 * the app's key hashes computed at startup (see `domain/callers.ts`, which the socket's `init`
 * shares).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { keyKind, type KnownApp } from '../domain/apps';
import { actingUser, identifyCaller } from '../domain/callers';
import { fail } from '../domain/failure';
import { sha256 } from '../domain/tokens';
import type { Storage } from '../storage';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
};

/**
 * Checks the API key of an auth request. With `adminOnly`, only the admin key is accepted;
 * otherwise either key is. Throws a 400, 401 or 403 `HttpFailure`.
 */
export const checkAppKey = (
  app: KnownApp,
  headers: IncomingHttpHeaders,
  fields: Record<string, unknown>,
  adminOnly: boolean,
): void => {
  const fromBody = typeof fields['client_id'] === 'string' ? fields['client_id'] : undefined;
  const key =
    header(headers, 'x-simperium-api-key') ??
    (adminOnly ? header(headers, 'x-simperium-token') : undefined) ??
    (fromBody === '' ? undefined : fromBody);
  if (key === undefined) return fail(400, 'missing api key');
  const kind = keyKind(app, sha256(key));
  if (kind === undefined) return fail(401, 'invalid app credentials');
  if (adminOnly && kind !== 'admin') return fail(403, 'admin key required');
};

/**
 * The id of the user a data request acts for: the token's user, or with the admin key the
 * user named by `X-Simperium-User` (400 when absent, 404 when unknown).
 */
export const requireUser = (
  storage: Storage,
  app: KnownApp,
  headers: IncomingHttpHeaders,
): string => {
  const caller = identifyCaller(storage, app, header(headers, 'x-simperium-token'));
  return actingUser(storage, app, caller, {
    field: 'X-Simperium-User',
    value: header(headers, 'x-simperium-user'),
  });
};

/** Checks that a data request carries the admin key (403 for a user token or the API key). */
export const requireAdmin = (
  storage: Storage,
  app: KnownApp,
  headers: IncomingHttpHeaders,
): void => {
  if (!identifyCaller(storage, app, header(headers, 'x-simperium-token')).admin)
    fail(403, 'admin key required');
};
