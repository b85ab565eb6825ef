/**
 * `<ch>:e:<id>.<version>`: one object at one version, answered
 * `<ch>:e:<id>.<version>\n{"data":…}`, or `<ch>:e:<id>.<version>\n?` when the object, that
 * version of it, or the reader's access to it is missing (see `domain/read-object.ts`). The id may
 * hold dots: the version follows the last one. Every version of an object is kept, so any version
 * it had since its creation (or, for a share's target, since the share) is served while it exists.
 */
import { resolveAccess } from '../domain/access';
import { HttpFailure } from '../domain/failure';
import { readObject } from '../domain/read-object';
import type { StreamChannel } from './channel';
import type { StreamContext } from './context';

/** The object's data at the version the payload names, or `undefined`. */
const lookup = (
  ctx: StreamContext,
  channel: StreamChannel,
  payload: string,
): string | undefined => {
  const dot = payload.lastIndexOf('.');
  const version = payload.slice(dot + 1);
  if (dot <= 0 || !/^\d{1,15}$/.test(version)) return undefined;
  const { app, bucket, user } = channel.auth;
  try {
    const access = resolveAccess(ctx.storage, app.id, bucket, user, payload.slice(0, dot));
    const read = readObject(ctx.storage, access, Number(version));
    return read.kind === 'found' ? read.dataText : undefined;
  } catch (err) {
    // A malformed id, or an object that is someone else's and not shared with the reader.
    if (err instanceof HttpFailure) return undefined;
    throw err;
  }
};

/** Runs an `e` command on `channel`. */
export const versionCommand = (
  ctx: StreamContext,
  channel: StreamChannel,
  payload: string,
): void => {
  const dataText = lookup(ctx, channel, payload);
  channel.send('e', `${payload}\n${dataText === undefined ? '?' : `{"data":${dataText}}`}`);
};
