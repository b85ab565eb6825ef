/**
 * The object endpoints: `GET|POST|DELETE /1/{app}/{bucket}/i/{id}[/v/{n}]` and
 * `POST /1/{app}/{bucket}/i/{id}/share/{username}`. Every answer about an object carries its
 * version in `X-Simperium-Version`; a successful POST without `response=1` and a DELETE answer
 * with an empty body.
 */
import { mayReadVersion, requireWrite, resolveAccess, type Access } from '../domain/access';
import { parseFields, parseJsonObject } from './body';
import { requireUser } from './credentials';
import { deleteObject } from '../domain/delete-object';
import type { Exchange } from './exchange';
import { fail } from '../domain/failure';
import { sendJson, sendText } from './http-util';
import { postObject } from '../domain/post-object';
import { flag, idParam, versionNumber } from './query';
import { shareObject } from '../domain/share-object';

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
  const { objects } = ex.state.storage;
  const head = objects.head(target.ref);
  if (head === undefined || head.data === null) return fail(404, 'not found');
  const stored =
    version === undefined || !mayReadVersion(target, version)
      ? undefined
      : objects.version(target.ref, version);
  const data = version === undefined ? head.data : (stored ?? fail(404, 'version not found'));
  sendJson(ex.res, 200, data, { [VERSION]: version ?? head.version });
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
  ex.state.feeds.notify(ex.app.id, target.ref.bucket);
  const headers = { [VERSION]: result.version };
  if (respond) sendJson(ex.res, 200, result.data, headers);
  else sendText(ex.res, 200, '', headers);
};

const remove = (ex: Exchange, target: Access, version: number | undefined): void => {
  requireWrite(target);
  const ev = deleteObject(ex.state.storage, target, {
    version,
    ccid: idParam(ex.query, 'ccid'),
    clientid: idParam(ex.query, 'clientid') ?? '',
  });
  ex.state.feeds.notify(ex.app.id, target.ref.bucket);
  sendText(ex.res, 200, '', { [VERSION]: ev });
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
 * Shares an object with the user named `username` (body `{"write_access": bool}`, default
 * false). Answers 200 with an empty body; throws an `HttpFailure` (400 bad body, 403 not the
 * owner, 404 missing object or unknown user).
 */
export const handleShare = async (
  ex: Exchange,
  bucket: string,
  key: string,
  username: string,
): Promise<void> => {
  const target = access(ex, bucket, key);
  const ids = { ccid: idParam(ex.query, 'ccid'), clientid: idParam(ex.query, 'clientid') ?? '' };
  const fields = parseFields(await ex.body());
  const writable = writeAccess(fields['write_access']);
  const created = shareObject(ex.state.storage, target, {
    ...ids,
    username,
    writeAccess: writable,
  });
  if (created) ex.state.feeds.notify(ex.app.id, bucket);
  sendText(ex.res, 200, '');
};
