/**
 * Applying jsondiff diffs (docs/jsondiff.md, "Applying a diff").
 *
 * @since 0.1.0
 */
import { at, JsonDiffError, withPath } from './errors.js';
import { hasOwn, isRecord, setOwn } from './guards.js';
import { listToText, textToList } from './list-text.js';
import { listEntries, readObjectDiff, readOperation } from './operation.js';
import { applyText } from './text.js';
import type { JsonArray, JsonObject, JsonValue, ObjectDiff, Operation } from './types.js';

type Path = ReadonlyArray<string>;

const badTarget = (path: Path, why: string): JsonDiffError =>
  new JsonDiffError('bad-target', `cannot apply at ${at(path)}: ${why}`);

const describeValue = (value: JsonValue | undefined): string =>
  value === undefined
    ? 'there is no value'
    : `the value is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : 'a ' + typeof value}`;

/**
 * The value an operation leaves in place of `value` (`undefined` when there is none). `-` is
 * handled by the containers, which remove the entry.
 */
export const applyOperation = (
  value: JsonValue | undefined,
  op: Operation,
  path: Path,
): JsonValue => {
  switch (op.o) {
    case '+':
    case 'r':
      return op.v;
    case 'I': {
      if (typeof value !== 'number')
        throw badTarget(path, `'I' needs a number, ${describeValue(value)}`);
      const sum = value + op.v;
      if (!Number.isFinite(sum)) throw badTarget(path, "'I' overflows");
      return sum;
    }
    case 'O':
      if (!isRecord(value)) throw badTarget(path, `'O' needs an object, ${describeValue(value)}`);
      return applyObject(value as JsonObject, op.v, path);
    case 'L':
      if (!Array.isArray(value))
        throw badTarget(path, `'L' needs an array, ${describeValue(value)}`);
      return applyList(value, op.v, path);
    case 'dL':
      if (!Array.isArray(value))
        throw badTarget(path, `'dL' needs an array, ${describeValue(value)}`);
      return withPath(path, () => textToList(applyText(listToText(value), op.v)));
    case 'd':
      if (typeof value !== 'string')
        throw badTarget(path, `'d' needs a string, ${describeValue(value)}`);
      return withPath(path, () => applyText(value, op.v));
    case '-':
      throw badTarget(path, "'-' removes an entry of an object or a list");
  }
};

const applyObject = (value: JsonObject, d: unknown, path: Path): JsonObject => {
  const diff = readObjectDiff(d, path);
  const out: JsonObject = { ...value };
  for (const key of Object.keys(diff)) {
    const keyPath = [...path, key];
    const op = readOperation(diff[key], keyPath);
    const present = hasOwn(out, key);
    if (op.o === '-') {
      if (!present) throw badTarget(keyPath, "'-' on a missing key");
      delete out[key];
    } else {
      setOwn(out, key, applyOperation(present ? out[key] : undefined, op, keyPath));
    }
  }
  return out;
};

/**
 * Operations run in numeric index order. Each index is shifted left by the number of `-`
 * already applied: `-` removes the item there, `+` inserts before it (at the end when the
 * index is the length), anything else replaces it with its result.
 */
const applyList = (value: JsonArray, d: unknown, path: Path): JsonArray => {
  const out = value.slice();
  let removed = 0;
  for (const [index, op] of listEntries(d, path)) {
    const i = index - removed;
    const itemPath = [...path, String(index)];
    const limit = op.o === '+' ? out.length : out.length - 1;
    if (i > limit) {
      throw badTarget(itemPath, `'${op.o}' at index ${i} of a list of ${out.length}`);
    }
    if (op.o === '+') {
      out.splice(i, 0, op.v);
    } else if (op.o === '-') {
      out.splice(i, 1);
      removed++;
    } else {
      out[i] = applyOperation(out[i], op, itemPath);
    }
  }
  return out;
};

/**
 * Applies an object diff to `a` and returns the result; `a` and `d` are never mutated (the
 * result may share unchanged values with them, so treat it as immutable too). Every operation
 * in docs/jsondiff.md, "Operations" is supported: `+ - r I L dL O d`. List diffs run in numeric
 * index order and `+` inserts. `d` and `dL` deltas must match the current text exactly.
 *
 * @throws JsonDiffError `bad-operation` for a malformed diff or operation (unknown `o`, missing
 *   or mistyped `v`, a list key that is not an index), `bad-target` when an operation does not
 *   fit the value it meets (`-` on a missing key, `d` on a non-string, `I` on a non-number, an
 *   index out of range) and `bad-delta` when a delta is malformed or does not match its text.
 * @since 0.1.0
 */
export function apply(a: JsonObject, d: ObjectDiff): JsonObject {
  if (!isRecord(a)) throw badTarget([], `a diff applies to an object, ${describeValue(a)}`);
  return applyObject(a, d, []);
}
