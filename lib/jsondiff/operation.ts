/**
 * Validating operations read from the wire: a diff is data from a peer, so every field is
 * checked before use and a malformed one is reported as `JsonDiffError('bad-operation')`.
 */
import { at, JsonDiffError } from './errors.js';
import { isJsonValue, isRecord } from './guards.js';
import type { ListDiff, ObjectDiff, Operation } from './types.js';

const bad = (path: ReadonlyArray<string>, why: string): JsonDiffError =>
  new JsonDiffError('bad-operation', `bad operation at ${at(path)}: ${why}`);

/** Checks that `u` is a well-formed operation. */
export const readOperation = (u: unknown, path: ReadonlyArray<string>): Operation => {
  if (!isRecord(u)) throw bad(path, 'not an object');
  const { o, v } = u;
  const hasV = Object.prototype.hasOwnProperty.call(u, 'v');
  switch (o) {
    case '-':
      return { o };
    case '+':
    case 'r':
      if (!hasV || !isJsonValue(v)) throw bad(path, `'${o}' needs a JSON value in v`);
      return { o, v };
    case 'I':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(path, "'I' needs a number in v");
      return { o, v };
    case 'd':
    case 'dL':
      if (typeof v !== 'string') throw bad(path, `'${o}' needs a delta string in v`);
      return { o, v };
    case 'O':
    case 'L':
      if (!isRecord(v)) throw bad(path, `'${o}' needs an object in v`);
      return o === 'O' ? { o, v: v as ObjectDiff } : { o, v: v as ListDiff };
    default:
      throw bad(path, `unknown operation ${typeof o === 'string' ? JSON.stringify(o) : typeof o}`);
  }
};

/** Checks that `u` is an object diff (its operations are checked as they are used). */
export const readObjectDiff = (u: unknown, path: ReadonlyArray<string>): ObjectDiff => {
  if (!isRecord(u)) throw bad(path, 'an object diff must be an object');
  return u as ObjectDiff;
};

/**
 * The operations of a list diff, checked, in numeric index order (so `"10"` comes after
 * `"2"`). Keys must be decimal indexes without leading zeros.
 */
export const listEntries = (
  u: unknown,
  path: ReadonlyArray<string>,
): Array<readonly [number, Operation]> => {
  if (!isRecord(u)) throw bad(path, 'a list diff must be an object');
  return Object.keys(u)
    .map((key): readonly [number, Operation] => {
      if (!/^(0|[1-9]\d{0,8})$/.test(key)) throw bad([...path, key], 'not a list index');
      return [Number(key), readOperation(u[key], [...path, key])];
    })
    .sort(([i], [j]) => i - j);
};
