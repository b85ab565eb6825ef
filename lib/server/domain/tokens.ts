/**
 * Random identifiers and secret handling: user ids and access tokens are 32 random hex digits;
 * tokens are stored only as their SHA-256 and secrets are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random lowercase hex digits (128 bits). */
export const randomHex = (): string => randomBytes(16).toString('hex');

/** The SHA-256 of `secret`, as 64 hex digits: what the database keeps instead of a token. */
export const sha256Hex = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Whether two secrets are equal, in time that does not depend on where they differ (both are
 * hashed first, so their lengths do not leak either).
 */
export const secretsEqual = (a: string, b: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(a, 'utf8').digest(),
    createHash('sha256').update(b, 'utf8').digest(),
  );
