/**
 * The auth host's answer to `create/` and `authorize/`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';

/** Wire shape: `{ "username", "access_token", "userid" }`. */
export const AuthResponse = t.type(
  {
    /** The username. */
    username: t.string,
    /** The access token: a secret. */
    access_token: t.string,
    /** The user's stable id. */
    userid: t.string,
  },
  'AuthResponse',
);
export type AuthResponse = t.TypeOf<typeof AuthResponse>;

/** A signed-in user, as `Auth.create$` and `Auth.authorize$` emit it. */
export interface AuthResult {
  /** The username (an email address on the hosted service). */
  readonly username: string;
  /** The access token for `new Api(appId, accessToken)`: a secret. */
  readonly accessToken: string;
  /** The user's stable id, which survives a username change. */
  readonly userId: string;
}

/** Maps the wire names to readable ones. */
export const toAuthResult = (r: AuthResponse): AuthResult => ({
  username: r.username,
  accessToken: r.access_token,
  userId: r.userid,
});
