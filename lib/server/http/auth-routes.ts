/**
 * The auth API: `POST /1/{app}/{create|authorize|update|reset_password|delete}/`. Bodies are
 * JSON or form-urlencoded; the API key comes from `X-Simperium-API-Key` or the `client_id`
 * field, and `reset_password`/`delete` need the admin key.
 */
import { parseFields } from './body';
import { checkAppKey } from './credentials';
import type { Exchange } from './exchange';
import { HttpFailure, fail } from '../domain/failure';
import { sendJson } from './http-util';
import { hashPassword, verifyPassword } from '../domain/passwords';
import { isPrintable } from '../../text';
import type { AuthAction } from './router';
import type { User } from '../storage/users';
import { randomHex, sha256Hex } from '../domain/tokens';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SUCCESS = { status: 'success' };
/** Checked against when the user does not exist, so both failures take as long. */
const DECOY = { salt: '00', hash: '00'.repeat(32) };

type Fields = Record<string, unknown>;

const text = (fields: Fields, name: string): string | undefined => {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : fail(400, `invalid ${name}`);
};

const required = (fields: Fields, name: string): string =>
  text(fields, name) ?? fail(400, `missing ${name}`);

const email = (value: string): string =>
  EMAIL.test(value) && value.length <= 254 && isPrintable(value)
    ? value
    : fail(400, 'username must be an email address');

const conflict = (): HttpFailure => new HttpFailure(409, 'user already exists');

/** The user whose username and password are in the fields; 401 for either being wrong. */
const authenticate = async (ex: Exchange, fields: Fields): Promise<User> => {
  const username = required(fields, 'username');
  const password = required(fields, 'password');
  const user = ex.state.storage.users.findByName(ex.app.id, username);
  const valid = await verifyPassword(password, user?.password ?? DECOY);
  return user !== undefined && valid ? user : fail(401, 'invalid username or password');
};

/** Answers with the user's name and id and the access token just issued to them. */
const answerWithToken = (ex: Exchange, user: User, token: string): void =>
  sendJson(ex.res, 200, { username: user.username, access_token: token, userid: user.id });

const create = async (ex: Exchange, fields: Fields): Promise<void> => {
  const { users } = ex.state.storage;
  const username = email(required(fields, 'username'));
  const password = required(fields, 'password');
  if (users.findByName(ex.app.id, username)) throw conflict();
  const user: User = {
    id: randomHex(),
    app: ex.app.id,
    username,
    password: await hashPassword(password),
  };
  const token = randomHex();
  ex.state.storage.transaction(() => {
    if (users.findByName(ex.app.id, username)) throw conflict();
    users.create(user);
    users.addToken(ex.app.id, user.id, sha256Hex(token));
  });
  answerWithToken(ex, user, token);
};

const authorize = async (ex: Exchange, fields: Fields): Promise<void> => {
  const user = await authenticate(ex, fields);
  const token = randomHex();
  ex.state.storage.users.addToken(ex.app.id, user.id, sha256Hex(token));
  answerWithToken(ex, user, token);
};

const update = async (ex: Exchange, fields: Fields): Promise<void> => {
  const { users } = ex.state.storage;
  const rawName = text(fields, 'new_username');
  const newUsername = rawName === undefined ? undefined : email(rawName);
  const newPassword = text(fields, 'new_password');
  if (newUsername === undefined && newPassword === undefined) return fail(400, 'nothing to update');
  const user = await authenticate(ex, fields);
  const password = newPassword === undefined ? undefined : await hashPassword(newPassword);
  ex.state.storage.transaction(() => {
    if (newUsername !== undefined) {
      const holder = users.findByName(ex.app.id, newUsername);
      if (holder !== undefined && holder.id !== user.id) throw conflict();
      users.rename(user.id, newUsername);
    }
    if (password !== undefined) users.changePassword(user.id, password);
  });
  sendJson(ex.res, 200, SUCCESS);
  if (password !== undefined) ex.state.subscribers.recheck(ex.app.id, user.id);
};

const resetPassword = async (ex: Exchange, fields: Fields): Promise<void> => {
  const username = required(fields, 'username');
  const newPassword = required(fields, 'new_password');
  const password = await hashPassword(newPassword);
  const user = ex.state.storage.users.findByName(ex.app.id, username) ?? fail(404, 'unknown user');
  ex.state.storage.users.changePassword(user.id, password);
  sendJson(ex.res, 200, SUCCESS);
  ex.state.subscribers.recheck(ex.app.id, user.id);
};

const deleteUser = async (ex: Exchange, fields: Fields): Promise<void> => {
  const { storage } = ex.state;
  const username = required(fields, 'username');
  const user = storage.users.findByName(ex.app.id, username) ?? fail(404, 'unknown user');
  storage.transaction(() => {
    storage.checkpoint();
    storage.users.delete(ex.app.id, user.id);
  });
  sendJson(ex.res, 200, SUCCESS);
  ex.state.subscribers.recheck(ex.app.id, user.id);
};

const HANDLERS: Record<AuthAction, (ex: Exchange, fields: Fields) => Promise<void>> = {
  create,
  authorize,
  update,
  reset_password: resetPassword,
  delete: deleteUser,
};

/**
 * Handles one auth request: checks the key, then creates, authorizes, updates, resets or
 * deletes a user. Answers 200 with JSON, or throws an `HttpFailure` (400 missing or invalid
 * field or key, 401 wrong key or credentials, 403 admin key required, 404 unknown user,
 * 409 username taken).
 */
export const handleAuth = async (ex: Exchange, action: AuthAction): Promise<void> => {
  const fields = parseFields(await ex.body());
  checkAppKey(ex.app, ex.req.headers, fields, action === 'reset_password' || action === 'delete');
  await HANDLERS[action](ex, fields);
};
