/**
 * The key under which a view is stored by default: one per server, application, bucket and
 * user, so that two users of one browser or machine never load each other's snapshot.
 *
 * @since 0.1.0
 */
import type { ApiContext } from '../transport/context.js';

/**
 * A 64-bit FNV-1a fingerprint of `text`, as 16 hex digits: enough to tell credentials apart, and
 * no way back to them (the token is never stored).
 */
const fingerprint = (text: string): string => {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
};

/** `{baseUrl} {appId} {bucket} {fingerprint of the credentials}`. */
export const storeKey = (ctx: ApiContext, bucket: string): string => {
  const headers = ctx.credentialHeaders;
  const who = `${headers['x-simperium-token'] ?? ''}\n${headers['x-simperium-user'] ?? ''}`;
  return `${ctx.baseUrl} ${ctx.appId} ${bucket} ${fingerprint(who)}`;
};
