/**
 * The names both protocols carry: application ids (in the HTTP paths and the socket's URL and
 * `init`) and bucket names (in the HTTP paths and the socket's `init`). Both are case-insensitive:
 * they are lower-cased before these checks.
 */

const APP_PATTERN = /^[a-z0-9._-]{1,128}$/;

/** Whether `id` is an application id (after lower-casing): `[a-z0-9._-]{1,128}`. */
export const isAppId = (id: string): boolean => APP_PATTERN.test(id);

const BUCKET_PATTERN = /^[a-z0-9._%-]{1,64}$/;

/**
 * Whether `name` is a bucket name (after lower-casing): 1 to 64 characters from
 * `a-z 0-9 . _ % -`, and not `.` or `..`.
 */
export const isBucketName = (name: string): boolean =>
  BUCKET_PATTERN.test(name) && name !== '.' && name !== '..';
