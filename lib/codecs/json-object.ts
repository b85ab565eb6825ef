/**
 * The default document codec: any JSON object.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import type { JsonObject as Json } from '../jsondiff/types';

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
};

/**
 * True when `u` is a tree of JSON values: strings, finite numbers, booleans, null, arrays and
 * plain objects, with no object reached twice. Iterative, so deep documents cannot overflow the
 * stack.
 */
const isJsonTree = (root: unknown): boolean => {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (!Array.isArray(v) && !isPlainObject(v)) return false;
    if (seen.has(v)) return false;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return true;
};

/**
 * Any JSON object: not an array, not null, not a primitive. What a bucket holds when no codec is
 * given. Decoding never throws and returns the input itself (no copy).
 */
export const JsonObject: t.Type<Json, Json, unknown> = new t.Type<Json, Json, unknown>(
  'JsonObject',
  (u): u is Json => isPlainObject(u) && isJsonTree(u),
  (u, c) => (isPlainObject(u) && isJsonTree(u) ? t.success(u as Json) : t.failure(u, c)),
  t.identity,
);
export type JsonObject = Json;
