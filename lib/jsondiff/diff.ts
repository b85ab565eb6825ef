/**
 * Computing jsondiff object diffs (docs/jsondiff.md, "Generating a diff"), with optional schema
 * policies (docs/jsondiff.md, "Schema policies").
 *
 * @since 0.1.0
 */
import { deepEqual } from './equal.js';
import { hasOwn, isRecord, setOwn } from './guards.js';
import { listDiff } from './list-diff.js';
import { listToText } from './list-text.js';
import { itemPolicy, keyPolicy, otypeOf } from './policy.js';
import { diffText } from './text.js';
import type { JsonObject, JsonValue, ObjectDiff, Operation, Policy, ValuePolicy } from './types.js';

const byPolicy = (
  a: JsonValue,
  b: JsonValue,
  policy: ValuePolicy | undefined,
): Operation | undefined => {
  switch (otypeOf(policy)) {
    case 'replace':
      return { o: 'r', v: b };
    case 'integer':
      // Only when adding the difference gives `b` back exactly (not always so for floats).
      return typeof a === 'number' && typeof b === 'number' && a + (b - a) === b
        ? { o: 'I', v: b - a }
        : undefined;
    case 'list':
      return Array.isArray(a) && Array.isArray(b)
        ? { o: 'L', v: listDiff(a, b, (x, y) => diffValue(x, y, itemPolicy(policy))) }
        : undefined;
    case 'list_dmp':
      return Array.isArray(a) && Array.isArray(b)
        ? { o: 'dL', v: diffText(listToText(a), listToText(b)) }
        : undefined;
    default:
      return undefined;
  }
};

/**
 * The operation turning `a` into `b`, or `undefined` when they are equal. A policy's `otype`
 * wins when it fits the values; otherwise: different types, numbers, booleans, `null` and
 * arrays → `r`; objects → `O`; strings → `d`.
 */
export const diffValue = (
  a: JsonValue,
  b: JsonValue,
  policy?: ValuePolicy,
): Operation | undefined => {
  if (deepEqual(a, b)) return undefined;
  const chosen = byPolicy(a, b, policy);
  if (chosen !== undefined) return chosen;
  if (typeof a === 'string' && typeof b === 'string') return { o: 'd', v: diffText(a, b) };
  if (isRecord(a) && isRecord(b)) return { o: 'O', v: diff(a, b, policy) };
  return { o: 'r', v: b };
};

/**
 * The object diff turning `a` into `b`: what a Simperium change carries in `v`. Keys only in
 * `a` get `-` (with no `v`), keys only in `b` get `+`, and keys whose values differ get the
 * operation `diffValue` picks: by default `r` for numbers, booleans, `null`, arrays and type
 * changes, `O` (recursive) for objects and `d` (a diff-match-patch delta) for strings. A
 * policy (docs/jsondiff.md, "Schema policies") can ask for `I`, `L`, `dL` or `r` instead. Equal
 * objects give `{}`.
 *
 * @example diff({ a: 'b', n: 1 }, { a: 'bc' }) // { a: { o: 'd', v: '=1\t+c' }, n: { o: '-' } }
 * @since 0.1.0
 */
export function diff(a: JsonObject, b: JsonObject, policy?: Policy): ObjectDiff {
  const out: Record<string, Operation> = {};
  for (const key of Object.keys(a)) {
    if (!hasOwn(b, key)) {
      setOwn(out, key, { o: '-' });
      continue;
    }
    const op = diffValue(a[key] as JsonValue, b[key] as JsonValue, keyPolicy(policy, key));
    if (op !== undefined) setOwn(out, key, op);
  }
  for (const key of Object.keys(b)) {
    if (!hasOwn(a, key)) setOwn(out, key, { o: '+', v: b[key] as JsonValue });
  }
  return out;
}
