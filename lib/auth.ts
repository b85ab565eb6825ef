/**
 * `Auth`: the user-management endpoints of the auth host (`auth.simperium.com`). A thin class over
 * the functional core (`endpoints/users.ts`).
 *
 * @since 0.1.0
 */
import type { AuthResult } from './codecs/auth-response.js';
import { createAuthContext, type AuthOptions } from './endpoints/contexts.js';
import {
  authorizeUser$,
  createUser$,
  deleteUser$,
  resetPassword$,
  updateUser$,
  type UpdateOptions,
} from './endpoints/users.js';
import type { SimperiumError } from './errors.js';
import type { ObservableEither } from './observable-either.js';
import type { ClientContext } from './transport/context.js';

export type { AuthOptions } from './endpoints/contexts.js';
export type { UpdateOptions } from './endpoints/users.js';

/**
 * Creates, signs in, updates and deletes users of one Simperium application.
 *
 * Every method returns a cold Observable that sends one `POST /1/{appId}/{endpoint}/` with a JSON
 * body and the key in `X-Simperium-API-Key`, when subscribed. It emits exactly one `Either` and
 * completes: `Right` on HTTP 200 with the expected body; `Left(InvalidArgumentError)` for a bad
 * argument (nothing is sent); `Left(HttpError)` for any other status (401 bad key or credentials,
 * 409 user exists on `create$` …); `Left(NetworkError | TimeoutError)` when no answer arrived;
 * `Left(DecodeError)` when the answer is malformed. Unsubscribing aborts the request.
 *
 * The API key, passwords and tokens never appear in URLs, errors or log events.
 *
 * ## Example
 *
 * ```ts
 * import { Auth } from 'simperium-rx';
 *
 * const auth = new Auth('my-app-id', 'my-api-key');
 * auth.authorize$('joe@example.com', 'secret').subscribe((result) => {
 *   if (result._tag === 'Right') console.log('token for', result.right.userId);
 *   else console.error(result.left);
 * });
 * ```
 */
export class Auth {
  private readonly context: ClientContext;

  /**
   * @param appId the application id (from the dashboard)
   * @param apiKey the application's API key; `resetPassword$` and `delete$` need the **admin** key
   *   here instead, so use a separate `Auth` built with it for those
   * @param options base URL, fetch, timeout (default 30 s), `allowInsecureHttp`, `log`
   * @throws InvalidArgumentException (a TypeError) for an invalid app id, key, base URL (e.g. `http:` to a remote host) or
   *   timeout
   */
  constructor(appId: string, apiKey: string, options: AuthOptions = {}) {
    this.context = createAuthContext(appId, apiKey, options);
  }

  /**
   * Creates a user. Cold: sends `POST /1/{appId}/create/` on subscribe. Emits `{ username,
   * accessToken, userId }` once, then completes. `Left`: `InvalidArgumentError` (empty username;
   * nothing sent), `HttpError` (409 the user exists, 401 bad key, 400 …), `NetworkError`,
   * `TimeoutError`, `DecodeError`. Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Auth } from 'simperium-rx';
   *
   * new Auth('my-app-id', 'my-api-key')
   *   .create$('joe@example.com', 'secret')
   *   .subscribe((r) => r._tag === 'Right' && console.log(r.right.userId));
   * ```
   *
   * @param username an email address on the hosted service
   * @param password the new user's password
   */
  create$(username: string, password: string): ObservableEither<SimperiumError, AuthResult> {
    return createUser$(this.context, username, password);
  }

  /**
   * Signs a user in and gets a new access token. Cold: sends `POST /1/{appId}/authorize/` on
   * subscribe. Emits `{ username, accessToken, userId }` once, then completes. `Left`:
   * `InvalidArgumentError` (nothing sent), `HttpError` (401 wrong credentials or key),
   * `NetworkError`, `TimeoutError`, `DecodeError`. Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api, Auth } from 'simperium-rx';
   *
   * new Auth('my-app-id', 'my-api-key').authorize$('joe@example.com', 'secret').subscribe((r) => {
   *   if (r._tag === 'Right') new Api('my-app-id', r.right.accessToken).bucket('todo');
   * });
   * ```
   *
   * @param username the user's username
   * @param password the user's password
   */
  authorize$(username: string, password: string): ObservableEither<SimperiumError, AuthResult> {
    return authorizeUser$(this.context, username, password);
  }

  /**
   * Changes a user's username and/or password, given the current ones. Cold: sends `POST
   * /1/{appId}/update/` on subscribe. Emits `undefined` once the server confirms, then completes.
   * `Left`: `InvalidArgumentError` (neither `newUsername` nor `newPassword`, or an empty one;
   * nothing sent), `HttpError` (401 wrong credentials …), `NetworkError`, `TimeoutError`,
   * `DecodeError`. Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Auth } from 'simperium-rx';
   *
   * new Auth('my-app-id', 'my-api-key')
   *   .update$('joe@example.com', 'secret', { newPassword: 'better secret' })
   *   .subscribe((r) => console.log(r._tag));
   * ```
   *
   * @param username the current username
   * @param password the current password
   * @param changes `newUsername`, `newPassword`
   */
  update$(
    username: string,
    password: string,
    changes: UpdateOptions = {},
  ): ObservableEither<SimperiumError, void> {
    return updateUser$(this.context, username, password, changes);
  }

  /**
   * Sets a user's password without the current one. **Requires the admin key** as this `Auth`'s
   * `apiKey`. Cold: sends `POST /1/{appId}/reset_password/` on subscribe. Emits `undefined` once
   * done, then completes. `Left`: `InvalidArgumentError` (nothing sent), `HttpError` (401/403
   * not an admin key, 404 no such user …), `NetworkError`, `TimeoutError`, `DecodeError`.
   * Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Auth } from 'simperium-rx';
   *
   * const admin = new Auth('my-app-id', 'my-admin-key');
   * admin.resetPassword$('joe@example.com', 'new secret').subscribe();
   * ```
   *
   * @param username the user whose password changes
   * @param newPassword the new password
   */
  resetPassword$(username: string, newPassword: string): ObservableEither<SimperiumError, void> {
    return resetPassword$(this.context, username, newPassword);
  }

  /**
   * Deletes a user and all their data. **Requires the admin key** as this `Auth`'s `apiKey`.
   * Cold: sends `POST /1/{appId}/delete/` on subscribe. Emits `undefined` once done, then
   * completes. `Left`: `InvalidArgumentError` (nothing sent), `HttpError` (401/403 not an admin
   * key, 404 no such user …), `NetworkError`, `TimeoutError`, `DecodeError`. Unsubscribing
   * aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Auth } from 'simperium-rx';
   *
   * new Auth('my-app-id', 'my-admin-key').delete$('joe@example.com').subscribe();
   * ```
   *
   * @param username the user to delete
   */
  delete$(username: string): ObservableEither<SimperiumError, void> {
    return deleteUser$(this.context, username);
  }
}
