/**
 * Index-keyed list diffs (`L` operations; docs/jsondiff.md, "List diffs"), as the Python
 * reference computes them.
 */
import { deepEqual } from './equal.js';
import { setOwn } from './guards.js';
import type { JsonArray, JsonValue, ListDiff, Operation } from './types.js';

/** Diffs two unequal items; `undefined` when they are equal. */
export type ItemDiff = (a: JsonValue, b: JsonValue) => Operation | undefined;

const commonPrefix = (a: JsonArray, b: JsonArray): number => {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n < max && deepEqual(a[n] as JsonValue, b[n] as JsonValue)) n++;
  return n;
};

/** The common suffix, never overlapping a common prefix of length `prefix`. */
const commonSuffix = (a: JsonArray, b: JsonArray, prefix: number): number => {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  while (n < max && deepEqual(a[a.length - 1 - n] as JsonValue, b[b.length - 1 - n] as JsonValue)) {
    n++;
  }
  return n;
};

/** Strip the common ends, then pair the remaining positions (a diff never mixes `+` and `-`). */
const pairedDiff = (a: JsonArray, b: JsonArray, diffItem: ItemDiff): Record<string, Operation> => {
  const prefix = commonPrefix(a, b);
  const suffix = commonSuffix(a, b, prefix);
  const diffs: Record<string, Operation> = {};
  const end = Math.max(a.length, b.length) - suffix;
  for (let i = prefix; i < end; i++) {
    const op =
      i >= a.length - suffix
        ? { o: '+' as const, v: b[i] as JsonValue }
        : i >= b.length - suffix
          ? { o: '-' as const }
          : diffItem(a[i] as JsonValue, b[i] as JsonValue);
    if (op !== undefined) setOwn(diffs, String(i), op);
  }
  return diffs;
};

/**
 * The Python reference's "shifted" diff for rotations: when dropping the first `shift` items
 * of `a` lines at least half of it up with `b`, delete them, diff the aligned items, then add
 * or remove at the end.
 */
const shiftedDiff = (a: JsonArray, b: JsonArray, diffItem: ItemDiff): Record<string, Operation> => {
  const half = Math.floor(a.length / 2);
  let shift = 0;
  let best = 0;
  for (let i = 0; i < half; i++) {
    let same = 0;
    for (let j = 0; j < Math.min(a.length - i, b.length); j++) {
      if (deepEqual(a[i + j] as JsonValue, b[j] as JsonValue)) same++;
    }
    if (same > best) [best, shift] = [same, i];
  }
  const diffs: Record<string, Operation> = {};
  if (shift === 0 || best < half) return diffs;
  for (let i = 0; i < Math.max(a.length, b.length + shift); i++) {
    const op =
      i < shift
        ? { o: '-' as const }
        : i < b.length + shift && i < a.length
          ? diffItem(a[i] as JsonValue, b[i - shift] as JsonValue)
          : i < b.length + shift
            ? { o: '+' as const, v: b[i - shift] as JsonValue }
            : { o: '-' as const };
    if (op !== undefined) setOwn(diffs, String(i), op);
  }
  return diffs;
};

/**
 * The list diff turning `a` into `b`: keyed by decimal index, applied in numeric index order
 * (see `apply`). Of the paired and the shifted diff, the one with fewer operations wins.
 */
export const listDiff = (a: JsonArray, b: JsonArray, diffItem: ItemDiff): ListDiff => {
  const paired = pairedDiff(a, b, diffItem);
  const shifted = shiftedDiff(a, b, diffItem);
  const size = (d: object): number => Object.keys(d).length;
  return size(shifted) > 0 && size(shifted) < size(paired) ? shifted : paired;
};
