/**
 * Small wire codecs shared by the change and index codecs. Written as plain `t.Type`s rather
 * than refinements: they run once per change or index entry, so each check is one test.
 */
import * as t from 'io-ts';

/** A string with at least one character (ids, cursors, operation codes). */
export const NonEmptyString = /* @__PURE__ */ new t.Type<string, string, unknown>(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const isVersion = (u: unknown): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= 0;

/** An object version: a whole number, zero or more. */
export const Version = /* @__PURE__ */ new t.Type<number, number, unknown>(
  'Version',
  isVersion,
  (u, c) => (isVersion(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
