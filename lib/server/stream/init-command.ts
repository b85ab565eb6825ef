/**
 * `<ch>:init:{…}`: opens (or opens again) a channel on a bucket for the user whose credentials it
 * carries. Fields: `token` (a user's access token, or the admin key with `user`, the id of the
 * user to act as), `name` (the bucket, case-insensitive), `app_id` (when present, the app of the
 * URL, case-insensitive), `clientid` (recorded with the channel's changes; 1 to 256 characters),
 * and `cmd`, a command to run once authenticated (`i:…`, `cv:…`). `api`, `library`, `version`
 * and any other field are ignored.
 *
 * Success is `<ch>:auth:<username>` (an email address, never valid JSON, which is how the clients
 * tell it from a failure). A failure is `<ch>:auth:{"msg":…,"code":…}`: 400 a malformed `init` or
 * token, 401 credentials the app does not know (or its API key, which is for the auth API only),
 * 500 anything else (the app or bucket, the limits on channels and sockets); the socket stays open.
 */
import type { KnownApp } from '../domain/apps';
import { actingUser, callerOfHash } from '../domain/callers';
import { HttpFailure } from '../domain/failure';
import { MAX_JSON_DEPTH, readJsonText } from '../domain/json-text';
import { isBucketName } from '../domain/names';
import { sha256 } from '../domain/tokens';
import { isRecord } from '../../jsondiff/guards';
import { isPrintable } from '../../text';
import type { ChannelAuth } from './auth';
import type { StreamContext } from './context';

/** Why an `init` is refused: the code and message its `auth` failure carries. */
export class InitRefused extends Error {
  constructor(
    readonly code: 400 | 401 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'InitRefused';
  }
}

const refuse = (code: 400 | 401 | 500, message: string): never => {
  throw new InitRefused(code, message);
};

/** A field that must be a string when present. */
const text = (fields: Record<string, unknown>, name: string): string | undefined => {
  const value = fields[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : refuse(400, `${name} must be a string`);
};

/** What a valid `init` asks for: who the channel acts for, and the command to run then. */
export interface InitRequest {
  readonly auth: ChannelAuth;
  /** The user's username, sent back in `auth:`. */
  readonly username: string;
  readonly cmd: string | undefined;
}

/** Reads and checks an `init` payload for the socket's app; throws `InitRefused`. */
export const readInit = (ctx: StreamContext, app: KnownApp, payload: string): InitRequest => {
  const reading = readJsonText(payload, MAX_JSON_DEPTH);
  if (!reading.ok || !isRecord(reading.value)) return refuse(400, 'init must be a JSON object');
  const fields = reading.value;
  const token = text(fields, 'token');
  if (token === undefined || token === '' || token.length > 1024)
    return refuse(400, 'invalid token');
  const appId = text(fields, 'app_id');
  if (appId !== undefined && appId.toLowerCase() !== app.id) {
    return refuse(500, 'app_id does not match the URL');
  }
  const bucket = (text(fields, 'name') ?? '').toLowerCase();
  if (!isBucketName(bucket)) return refuse(500, 'invalid bucket name');
  const clientid = text(fields, 'clientid') ?? '';
  if (clientid.length > 256 || !isPrintable(clientid)) return refuse(500, 'invalid clientid');
  const actAs = text(fields, 'user');
  const cmd = text(fields, 'cmd');
  const { storage } = ctx;
  const secretHash = sha256(token);
  try {
    const caller = callerOfHash(storage, app, secretHash);
    const user = actingUser(storage, app, caller, { field: 'user', value: actAs });
    const username = storage.users.findById(app.id, user)?.username ?? refuse(401, 'unknown user');
    return { auth: { app, bucket, user, clientid, secretHash, actAs }, username, cmd };
  } catch (err) {
    if (err instanceof HttpFailure) return refuse(err.status === 400 ? 400 : 401, err.message);
    throw err;
  }
};

/**
 * Checks the limits before a channel opens: throws `InitRefused` (500) when the socket has its
 * most channels open, or when `admitSocket` cannot count the socket for the user (they hold their
 * most sockets already).
 */
export const admitChannel = (
  ctx: StreamContext,
  openChannels: number,
  admitSocket: () => boolean,
): void => {
  const { maxChannelsPerSocket, maxSocketsPerUser } = ctx.limits;
  if (openChannels >= maxChannelsPerSocket) {
    refuse(500, `too many channels on this socket (at most ${maxChannelsPerSocket})`);
  }
  if (!admitSocket()) refuse(500, `too many sockets for this user (at most ${maxSocketsPerUser})`);
};
