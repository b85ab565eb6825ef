/**
 * Runtime guards for JSON values, safe against cycles and prototype tricks.
 *
 * @since 0.1.0
 */
import type { JsonObject, JsonValue } from './types';

/** A plain object (not an array, not a class instance): what `JSON.parse` builds for `{}`. */
export const isRecord = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
};

/** Own-property lookup that ignores inherited members such as `constructor` or `__proto__`. */
export const hasOwn = (o: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(o, key);

/** Defines an own enumerable property, even for keys like `__proto__` that plain assignment would misread. */
export const setOwn = <V>(o: Record<string, V>, key: string, value: V): void => {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
};

const isJsonValueIn = (u: unknown, seen: Set<object>): boolean => {
  switch (typeof u) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(u);
    case 'object': {
      if (u === null) return true;
      if (seen.has(u)) return false;
      seen.add(u);
      const ok = Array.isArray(u)
        ? u.every((item) => isJsonValueIn(item, seen))
        : isRecord(u) && Object.keys(u).every((key) => isJsonValueIn(u[key], seen));
      seen.delete(u);
      return ok;
    }
    default:
      return false;
  }
};

/** Whether `u` is a JSON value all the way down: finite numbers, plain objects, no cycles. */
export const isJsonValue = (u: unknown): u is JsonValue => isJsonValueIn(u, new Set());

/**
 * Whether `u` is a JSON object: a plain object whose values are JSON values all the way down
 * (finite numbers, strings, booleans, `null`, arrays and plain objects; no cycles, no
 * `undefined`, no class instances).
 *
 * @since 0.1.0
 */
export function isJsonObject(u: unknown): u is JsonObject {
  return isRecord(u) && isJsonValue(u);
}
