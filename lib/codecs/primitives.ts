/**
 * Small wire codecs shared by the change and index codecs. Written as plain `t.Type`s rather
 * than refinements: they run once per change or index entry, so each check is one test.
 */
import * as t from 'io-ts';

/** A codec of the values `is` accepts, decoded as they are. */
export const guarded = <A>(name: string, is: (u: unknown) => u is A): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

/** A string with at least one character (ids, cursors, operation codes). */
export const NonEmptyString = /* @__PURE__ */ guarded(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u.length > 0,
);

/** An object version: a whole number, zero or more. */
export const Version = /* @__PURE__ */ guarded(
  'Version',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
);
