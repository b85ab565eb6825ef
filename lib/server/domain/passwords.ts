/**
 * Password hashing with scrypt and a random per-user salt. Hashes are stored as hex; checking a
 * password compares digests in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;

export interface PasswordHash {
  readonly salt: string;
  readonly hash: string;
}

const derive = (password: string, salt: string): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, Buffer.from(salt, 'hex'), KEY_LENGTH, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });

/** Hashes `password` with a fresh 16-byte salt. Resolves with the salt and hash (hex). */
export const hashPassword = async (password: string): Promise<PasswordHash> => {
  const salt = randomBytes(16).toString('hex');
  const key = await derive(password, salt);
  return { salt, hash: key.toString('hex') };
};

/** Resolves `true` when `password` hashes to `stored.hash` under `stored.salt`. */
export const verifyPassword = async (password: string, stored: PasswordHash): Promise<boolean> => {
  const key = await derive(password, stored.salt);
  const expected = Buffer.from(stored.hash, 'hex');
  return expected.length === key.length && timingSafeEqual(key, expected);
};
