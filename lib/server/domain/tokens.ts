/**
 * Random identifiers and secret handling: user ids and access tokens are 32 random hex digits;
 * tokens are stored only as their SHA-256 (see `apps.ts` for comparing keys in constant time).
 */
import * as crypto from 'node:crypto';

/** 32 random lowercase hex digits (128 bits). */
export const randomHex = (): string => crypto.randomBytes(16).toString('hex');

/** Node's one-shot hash (20.12 and later), which spares a Hash object per call. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }
).hash;

/** The SHA-256 of `secret` (its UTF-8 bytes). */
export const sha256 = (secret: string): Buffer =>
  oneShot
    ? oneShot('sha256', secret, 'buffer')
    : crypto.createHash('sha256').update(secret, 'utf8').digest();

/** The SHA-256 of `secret`, as 64 hex digits: what the database keeps instead of a token. */
export const sha256Hex = (secret: string): string => sha256(secret).toString('hex');
