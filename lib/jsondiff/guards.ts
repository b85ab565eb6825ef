/**
 * Runtime guards for JSON values, safe against cycles and prototype tricks.
 *
 * @since 0.1.0
 */
import type { JsonObject, JsonValue } from './types.js';

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

/** What a JSON walk checks besides JSON itself. */
export interface JsonWalk {
  /** How deeply objects and arrays may nest (the root is at depth 1; default: no limit). */
  readonly maxDepth?: number;
  /** What is wrong with a string or a key, if anything. */
  readonly text?: (text: string) => string | undefined;
}

/** An array's items (a hole reads as `undefined`) or a plain object's values; else `undefined`. */
const childrenOf = (o: object): ReadonlyArray<unknown> | undefined =>
  Array.isArray(o) ? Array.from(o) : isRecord(o) ? Object.values(o) : undefined;

/** Why a leaf is not JSON, if it is not. */
const leafProblem = (u: unknown): string | undefined => {
  if (u === null || typeof u === 'string' || typeof u === 'boolean') return undefined;
  if (typeof u === 'number') return Number.isFinite(u) ? undefined : 'number out of range';
  return 'not a JSON value';
};

/**
 * The one walk of a value as JSON, shared by the codecs, jsondiff and the local server: what
 * `JSON.stringify` would not write back as the same value, or `undefined` when it would. Depth
 * first and without recursion, so deep nesting cannot overflow the stack, and linear in the
 * number of distinct objects: a value reached again by another path (a shared reference, which
 * JSON writes twice) is accepted and not walked again, while one reached again from inside
 * itself (a cycle) is refused.
 *
 * Problems: `not a JSON value` (`undefined`, a function, a symbol, a bigint, a class instance, a
 * hole in an array), `number out of range` (`NaN`, `±Infinity`), `cycle`, `JSON nested too
 * deeply` (an object or array deeper than `walk.maxDepth`, the root being at depth 1), and what
 * `walk.text` says of a string or a key.
 *
 * @param root the value to walk
 * @param walk `maxDepth` (default: no limit), `text` (a check of every string and key)
 */
export const jsonProblem = (root: unknown, walk: JsonWalk = {}): string | undefined => {
  const { maxDepth = Infinity, text } = walk;
  const open = new Set<object>();
  const done = new Set<object>();
  // [value, its depth] to walk, or [object, 0] once all below it has been walked
  const stack: Array<[unknown, number]> = [[root, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [u, depth] = item;
    if (typeof u !== 'object' || u === null) {
      const problem = leafProblem(u) ?? (typeof u === 'string' ? text?.(u) : undefined);
      if (problem !== undefined) return problem;
    } else if (depth === 0) {
      open.delete(u);
      done.add(u);
    } else if (open.has(u)) {
      return 'cycle';
    } else if (!done.has(u)) {
      const children = childrenOf(u);
      if (children === undefined) return 'not a JSON value';
      if (depth > maxDepth) return 'JSON nested too deeply';
      if (text !== undefined && !Array.isArray(u)) {
        for (const key of Object.keys(u)) {
          const problem = text(key);
          if (problem !== undefined) return problem;
        }
      }
      open.add(u);
      stack.push([u, 0]);
      for (const child of children) stack.push([child, depth + 1]);
    }
  }
  return undefined;
};

/**
 * Whether `u` is a JSON value all the way down: finite numbers, strings, booleans, `null`,
 * arrays without holes and plain objects; no cycles (see {@link jsonProblem}).
 */
export const isJsonValue = (u: unknown): u is JsonValue => jsonProblem(u) === undefined;

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
