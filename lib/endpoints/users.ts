/**
 * The auth API's user endpoints: `POST /1/{appId}/{create,authorize,update,reset_password,
 * delete}/` with a JSON body and the key in `X-Simperium-API-Key`.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { map } from 'rxjs';
import * as check from '../arguments.js';
import { AuthResponse, toAuthResult, type AuthResult } from '../codecs/auth-response.js';
import { StatusResponse } from '../codecs/status-response.js';
import * as E from '../either.js';
import { invalidArgumentError, type SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { ClientContext } from '../transport/context.js';
import { validated } from './object-path.js';
import { executeJson } from './run.js';

/** What `updateUser$` changes; at least one field must be given. */
export interface UpdateOptions {
  /** The new username (same rule as a username). */
  readonly newUsername?: string;
  /** The new password (any string). */
  readonly newPassword?: string;
}

/** Every 2xx status: an answer that may hold a token is decoded, never echoed in an error. */
const SUCCESS: ReadonlyArray<number> = Array.from({ length: 100 }, (_, i) => 200 + i);

/**
 * Posts the validated body fields (the first invalid one is the `Left`, and nothing is sent).
 * Any 2xx answer is decoded, never kept as an `HttpError` body, and decode errors are redacted:
 * the auth host's successful answers carry access tokens.
 */
const post = <A>(
  ctx: ClientContext,
  endpoint: string,
  fields: Record<string, check.Validation<string>>,
  codec: t.Decoder<unknown, A>,
): ObservableEither<SimperiumError, A> =>
  validated(E.all(fields), (body) =>
    executeJson(
      ctx,
      { method: 'POST', path: [endpoint], body, trailingSlash: true, accept: SUCCESS },
      codec,
      { redact: true },
    ),
  );

const signIn = (
  ctx: ClientContext,
  endpoint: 'create' | 'authorize',
  username: string,
  password: string,
): ObservableEither<SimperiumError, AuthResult> =>
  post(
    ctx,
    endpoint,
    { username: check.username(username), password: check.string('password', password) },
    AuthResponse,
  ).pipe(map(E.map(toAuthResult)));

const confirm = (
  ctx: ClientContext,
  endpoint: 'update' | 'reset_password' | 'delete',
  fields: Record<string, check.Validation<string>>,
): ObservableEither<SimperiumError, void> =>
  post(ctx, endpoint, fields, StatusResponse).pipe(map(E.map(() => undefined)));

/** Creates a user: the function behind `Auth.create$`, which documents the contract. */
export const createUser$ = (
  ctx: ClientContext,
  username: string,
  password: string,
): ObservableEither<SimperiumError, AuthResult> => signIn(ctx, 'create', username, password);

/** Signs a user in: the function behind `Auth.authorize$`, which documents the contract. */
export const authorizeUser$ = (
  ctx: ClientContext,
  username: string,
  password: string,
): ObservableEither<SimperiumError, AuthResult> => signIn(ctx, 'authorize', username, password);

/** Changes a username and/or password: the function behind `Auth.update$`. */
export const updateUser$ = (
  ctx: ClientContext,
  username: string,
  password: string,
  changes: UpdateOptions = {},
): ObservableEither<SimperiumError, void> => {
  const { newUsername, newPassword } = changes;
  if (newUsername === undefined && newPassword === undefined) {
    return left(invalidArgumentError('changes', 'give newUsername, newPassword or both'));
  }
  return confirm(ctx, 'update', {
    username: check.username(username),
    password: check.string('password', password),
    ...(newUsername === undefined
      ? {}
      : { new_username: check.username(newUsername, 'newUsername') }),
    ...(newPassword === undefined
      ? {}
      : { new_password: check.string('newPassword', newPassword) }),
  });
};

/** Sets a password without the current one (admin key): the function behind `Auth.resetPassword$`. */
export const resetPassword$ = (
  ctx: ClientContext,
  username: string,
  newPassword: string,
): ObservableEither<SimperiumError, void> =>
  confirm(ctx, 'reset_password', {
    username: check.username(username),
    new_password: check.string('newPassword', newPassword),
  });

/** Deletes a user and all their data (admin key): the function behind `Auth.delete$`. */
export const deleteUser$ = (
  ctx: ClientContext,
  username: string,
): ObservableEither<SimperiumError, void> =>
  confirm(ctx, 'delete', { username: check.username(username) });
