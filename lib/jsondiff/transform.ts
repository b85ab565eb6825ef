/**
 * Rebasing a local diff over a remote one (docs/jsondiff.md, "Transform"), as a server does
 * with a change posted against an older version.
 *
 * @since 0.1.0
 */
import { apply, applyOperation } from './apply.js';
import { diffValue } from './diff.js';
import { at, JsonDiffError, withPath } from './errors.js';
import { hasOwn, isRecord, setOwn } from './guards.js';
import { listToText, textToList } from './list-text.js';
import { transformList } from './list-transform.js';
import { readObjectDiff, readOperation } from './operation.js';
import { patchText } from './patch.js';
import { applyText, diffText } from './text.js';
import type { JsonArray, JsonObject, JsonValue, ObjectDiff, Operation } from './types.js';

type Path = ReadonlyArray<string>;
type Relative = Extract<Operation, { o: 'O' | 'L' | 'dL' | 'd' | 'I' }>;

const isRelative = (op: Operation): op is Relative =>
  op.o === 'O' || op.o === 'L' || op.o === 'dL' || op.o === 'd' || op.o === 'I';

const mismatch = (path: Path, op: Operation): JsonDiffError =>
  new JsonDiffError('bad-target', `cannot rebase at ${at(path)}: '${op.o}' does not fit the base`);

/** `d` over `d`: the local patch applied fuzzily on the remote result. */
const mergeText = (value: string, mine: string, theirs: string): Operation | undefined => {
  const theirText = applyText(value, theirs);
  const merged = patchText(value, mine, theirText);
  return merged === theirText ? undefined : { o: 'd', v: diffText(theirText, merged) };
};

/**
 * `dL` over `dL`: the same on the lists' text form (normalised, so that the new delta matches
 * the text `apply` will build), falling back to the local result if the merge breaks a line.
 */
const mergeListText = (
  value: JsonArray,
  mine: Extract<Operation, { o: 'dL' }>,
  theirs: string,
  path: Path,
): Operation | undefined => {
  const text = listToText(value);
  const theirText = withPath(path, () => listToText(textToList(applyText(text, theirs))));
  const patched = withPath(path, () => patchText(text, mine.v, theirText));
  let merged: string;
  try {
    merged = listToText(textToList(patched));
  } catch {
    return { o: 'r', v: applyOperation(value, mine, path) };
  }
  return merged === theirText ? undefined : { o: 'dL', v: diffText(theirText, merged) };
};

/** Both sides used the same relative operation on the same value. */
const transformSame = (
  mine: Relative,
  theirs: Relative,
  value: JsonValue | undefined,
  path: Path,
): Operation | undefined => {
  if (mine.o === 'O' && theirs.o === 'O') {
    if (!isRecord(value)) throw mismatch(path, mine);
    const v = transformObject(mine.v, theirs.v, value as JsonObject, path);
    return Object.keys(v).length === 0 ? undefined : { o: 'O', v };
  }
  if (mine.o === 'L' && theirs.o === 'L') {
    if (!Array.isArray(value)) throw mismatch(path, mine);
    const v = transformList(mine.v, theirs.v, value, path, transformOperation);
    return Object.keys(v).length === 0 ? undefined : { o: 'L', v };
  }
  if (mine.o === 'd' && theirs.o === 'd') {
    if (typeof value !== 'string') throw mismatch(path, mine);
    return withPath(path, () => mergeText(value, mine.v, theirs.v));
  }
  if (mine.o === 'dL' && theirs.o === 'dL') {
    if (!Array.isArray(value)) throw mismatch(path, mine);
    return mergeListText(value, mine, theirs.v, path);
  }
  // Two increments commute.
  return mine;
};

/**
 * A relative local operation over a remote replacement. Kept unchanged, it would patch a value
 * it was not computed against; instead the replacement is re-expressed as the same kind of
 * operation and rebased over, or, when that is impossible (a type change), the local result wins.
 */
const overReplacement = (
  mine: Relative,
  replacement: JsonValue,
  value: JsonValue | undefined,
  path: Path,
): Operation | undefined => {
  if (value === undefined || (mine.o === 'I' && typeof replacement === 'number')) return mine;
  const otype = mine.o === 'L' ? 'list' : mine.o === 'dL' ? 'list_dmp' : undefined;
  const theirs = diffValue(value, replacement, otype && { otype });
  if (theirs === undefined) return mine;
  if (theirs.o === mine.o && isRelative(theirs)) return transformSame(mine, theirs, value, path);
  return { o: 'r', v: applyOperation(value, mine, path) };
};

/** Rebases one operation over another made to the same value; `undefined` drops it. */
const transformOperation = (
  mine: Operation,
  theirs: Operation,
  value: JsonValue | undefined,
  path: Path,
): Operation | undefined => {
  if (mine.o === '+' && theirs.o === '+') return diffValue(theirs.v, mine.v);
  if (mine.o === '-' && theirs.o === '-') return undefined;
  if (!isRelative(mine)) return mine;
  if (theirs.o === '-') return { o: '+', v: applyOperation(value, mine, path) };
  if (theirs.o === 'r' || theirs.o === '+') return overReplacement(mine, theirs.v, value, path);
  return mine.o === theirs.o ? transformSame(mine, theirs as Relative, value, path) : mine;
};

const transformObject = (
  mine: unknown,
  theirs: unknown,
  base: JsonObject,
  path: Path,
): ObjectDiff => {
  const local = readObjectDiff(mine, path);
  const remote = readObjectDiff(theirs, path);
  const out: Record<string, Operation> = {};
  for (const key of Object.keys(local)) {
    const keyPath = [...path, key];
    const op = readOperation(local[key], keyPath);
    const rebased = hasOwn(remote, key)
      ? transformOperation(
          op,
          readOperation(remote[key], keyPath),
          hasOwn(base, key) ? base[key] : undefined,
          keyPath,
        )
      : op;
    if (rebased !== undefined) setOwn(out, key, rebased);
  }
  return out;
};

/**
 * Rebases `local` over `remote`, two diffs made against the same `base`: the result applies
 * to `apply(base, remote)` and makes the changes `local` made. Every key of `local` is
 * considered; keys the remote did not touch keep their operation. For keys both touched
 * (Python reference semantics; docs/jsondiff.md, "Transform"):
 * - `+`/`+`: dropped when equal, else the diff from the remote value to the local one;
 * - `-`/`-`: dropped; `O`/`L`/`dL`/`I`/`d` over `-`: `+` of the local result (resurrected);
 * - `O`/`O` and `L`/`L`: rebased item by item (local inserts go first at a shared place);
 * - `d`/`d` and `dL`/`dL`: the local patch applied fuzzily on the remote text, re-expressed
 *   as a delta from it, dropped when it changes nothing;
 * - a relative operation over a remote `r`: rebased over the diff the replacement amounts to,
 *   or `r` of the local result when the type changed (the reference keeps the operation,
 *   which then fails to apply);
 * - anything else (`r`, `+` or `-` over anything): the local operation, unchanged.
 *
 * @example
 * const base = { a: 'b' };
 * const remote = diff(base, { a: 'bc' });
 * apply(apply(base, remote), transform(diff(base, { a: 'bd' }), remote, base)) // { a: 'bcd' }
 * @throws JsonDiffError when a diff is malformed or does not fit `base`.
 * @since 0.1.0
 */
export function transform(local: ObjectDiff, remote: ObjectDiff, base: JsonObject): ObjectDiff {
  if (!isRecord(base))
    throw new JsonDiffError('bad-target', 'cannot rebase: the base is not an object');
  return transformObject(local, remote, base, []);
}

/**
 * Rebases `local`, made against `base`, over a sequence of remote diffs applied one after the
 * other from `base` (what a server needs when a change names an older version): each step
 * rebases over one remote diff and advances the base by applying it.
 *
 * @throws JsonDiffError when a diff is malformed or does not fit its base.
 * @since 0.1.0
 */
export function transformAll(
  local: ObjectDiff,
  remotes: ReadonlyArray<ObjectDiff>,
  base: JsonObject,
): ObjectDiff {
  let rebased = local;
  let current = base;
  for (const remote of remotes) {
    rebased = transform(rebased, remote, current);
    current = apply(current, remote);
  }
  return rebased;
}
