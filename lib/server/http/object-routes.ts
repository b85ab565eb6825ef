/**
 * The object endpoints: `GET|POST|DELETE /1/{app}/{bucket}/i/{id}[/v/{n}]` and
 * `POST /1/{app}/{bucket}/i/{id}/share/{username}`. Every answer about an object carries its
 * version in `X-Simperium-Version`; a successful POST without `response=1` and a DELETE answer
 * with an empty body.
 */
import { requireWrite, resolveAccess, type Access } from '../domain/access';
import { parseFields, parseJsonObject } from './body';
import { requireUser } from './credentials';
import { deleteObject } from '../domain/delete-object';
import type { Exchange } from './exchange';
import { fail } from '../domain/failure';
import { sendJsonText, sendText } from './http-util';
import { postObject } from '../domain/post-object';
import { readObject } from '../domain/read-object';
import { flag, idParam, versionNumber } from './query';
import { shareObject, unshareObject } from '../domain/share-object';

const VERSION = 'X-Simperium-Version';

const access = (ex: Exchange, bucket: string, key: string): Access => {
  const { storage } = ex.state;
  return resolveAccess(
    storage,
    ex.app.id,
    bucket,
    requireUser(storage, ex.app, ex.req.headers),
    key,
  );
};

const getObject = (ex: Exchange, target: Access, version: number | undefined): void => {
  const read = readObject(ex.state.storage, target, version);
  if (read.kind === 'missing') return fail(404, 'not found');
  if (read.kind === 'no-version') return fail(404, 'version not found');
  sendJsonText(ex.res, 200, read.dataText, { [VERSION]: read.version });
};

const post = async (ex: Exchange, target: Access, version: number | undefined): Promise<void> => {
  requireWrite(target);
  const params = {
    baseVersion: version,
    replace: flag(ex.query, 'replace'),
    ccid: idParam(ex.query, 'ccid'),
    clientid: idParam(ex.query, 'clientid') ?? '',
  };
  const respond = flag(ex.query, 'response');
  const data = parseJsonObject(await ex.body());
  const result = postObject(ex.state.storage, target, { ...params, data });
  const headers = { [VERSION]: result.version };
  if (respond) sendJsonText(ex.res, 200, result.committed.dataText ?? '{}', headers);
  else sendText(ex.res, 200, '', headers);
  ex.state.subscribers.publish(ex.app.id, target.ref.bucket, [result.committed]);
};

const remove = (ex: Exchange, target: Access, version: number | undefined): void => {
  requireWrite(target);
  const committed = deleteObject(ex.state.storage, target, {
    version,
    ccid: idParam(ex.query, 'ccid'),
    clientid: idParam(ex.query, 'clientid') ?? '',
  });
  sendText(ex.res, 200, '', { [VERSION]: committed.ev });
  ex.state.subscribers.publish(ex.app.id, target.ref.bucket, [committed]);
};

/**
 * Reads, writes or deletes one object (or one version of it). Throws an `HttpFailure` for
 * every expected failure: 400 bad id, version, query or body; 401/403 credentials or a
 * read-only share; 404 missing object or version; 409 repeated ccid; 412 nothing changed (POST)
 * or not the current version (DELETE).
 */
export const handleObject = async (
  ex: Exchange,
  bucket: string,
  key: string,
  rawVersion: string | undefined,
): Promise<void> => {
  const target = access(ex, bucket, key);
  const version = rawVersion === undefined ? undefined : versionNumber(rawVersion);
  if (ex.req.method === 'POST') return post(ex, target, version);
  if (ex.req.method === 'DELETE') return remove(ex, target, version);
  return getObject(ex, target, version);
};

const writeAccess = (value: unknown): boolean => {
  if (value === undefined || value === null) return false;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  return fail(400, 'invalid write_access');
};

/**
 * `POST`: shares an object with the user named `username` (body `{"write_access": bool}`,
 * default false). `DELETE`: ends that share, as its owner, or as its target declining it (the id
 * then `{ownerUserId}/{id}`, the username their own). Answers 200 with an empty body; throws an
 * `HttpFailure` (400 bad body, 403 not the owner (or, to end a share, its target), 404 missing
 * object, unknown user, or no such share).
 */
export const handleShare = async (
  ex: Exchange,
  bucket: string,
  key: string,
  username: string,
): Promise<void> => {
  const target = access(ex, bucket, key);
  const ids = { ccid: idParam(ex.query, 'ccid'), clientid: idParam(ex.query, 'clientid') ?? '' };
  const { storage, subscribers } = ex.state;
  if (ex.req.method === 'DELETE') {
    const ended = unshareObject(storage, target, { ...ids, username });
    sendText(ex.res, 200, '');
    subscribers.publish(ex.app.id, bucket, [ended]);
    return;
  }
  const fields = parseFields(await ex.body());
  const writable = writeAccess(fields['write_access']);
  const created = shareObject(storage, target, { ...ids, username, writeAccess: writable });
  sendText(ex.res, 200, '');
  if (created) subscribers.publish(ex.app.id, bucket, [created]);
};
