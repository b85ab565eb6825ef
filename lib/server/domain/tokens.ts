/**
 * Random identifiers and secret handling: user ids and access tokens are 32 random hex digits;
 * tokens are stored only as their SHA-256 (see `apps.ts` for comparing keys in constant time).
 */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random lowercase hex digits (128 bits). */
export const randomHex = (): string => randomBytes(16).toString('hex');

/** The SHA-256 of `secret` (its UTF-8 bytes). */
export const sha256 = (secret: string): Buffer =>
  createHash('sha256').update(secret, 'utf8').digest();

/** The SHA-256 of `secret`, as 64 hex digits: what the database keeps instead of a token. */
export const sha256Hex = (secret: string): string => sha256(secret).toString('hex');
