/**
 * Structural equality of JSON values.
 *
 * @since 0.1.0
 */
import { hasOwn } from './guards.js';
import type { JsonValue } from './types.js';

/**
 * Whether two JSON values are structurally equal: same type, same array items in the same
 * order, same own keys (in any order) with equal values. Unlike some Simperium clients, a
 * boolean never equals a number (`true` is not `1`).
 *
 * @since 0.1.0
 */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => hasOwn(b, key) && deepEqual(a[key] as JsonValue, b[key] as JsonValue));
}
