/**
 * Simperium's jsondiff format: the `v` of a change is an object diff, a map from key to operation.
 *
 * | `o`  | `v`                         | meaning                                             |
 * |------|-----------------------------|-----------------------------------------------------|
 * | `+`  | value                       | object: set key; list: insert at index              |
 * | `-`  | (none)                      | object: delete key; list: remove at index           |
 * | `r`  | value                       | replace the value                                   |
 * | `I`  | number                      | add to the current number                           |
 * | `L`  | `{ "<index>": op }`         | apply a list diff to the array                      |
 * | `dL` | delta string                | list diff over the array serialised one item a line |
 * | `O`  | `{ key: op }`               | apply an object diff to the nested object           |
 * | `d`  | diff-match-patch delta      | patch the string                                    |
 */

/** A JSON value that holds no other: a string, a number, a boolean or `null`. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value: a string, a finite number, a boolean, `null`, or an array or object of them. */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
/** A JSON array. */
export type JsonArray = JsonValue[];
/** A JSON object: string keys to JSON values. A bucket's documents are JSON objects. */
export interface JsonObject {
  [key: string]: JsonValue;
}

export type Operation =
  | { readonly o: '+'; readonly v: JsonValue }
  | { readonly o: '-' }
  | { readonly o: 'r'; readonly v: JsonValue }
  | { readonly o: 'I'; readonly v: number }
  | { readonly o: 'L'; readonly v: ListDiff }
  | { readonly o: 'dL'; readonly v: string }
  | { readonly o: 'O'; readonly v: ObjectDiff }
  | { readonly o: 'd'; readonly v: string };

/** An object diff: what a change's `v` holds. */
export type ObjectDiff = { readonly [key: string]: Operation };

/** A list diff: operations keyed by the decimal index they apply at. */
export type ListDiff = { readonly [index: string]: Operation };

/**
 * How `diff` encodes a value (docs/jsondiff.md, "Schema policies"), mirroring the value's shape:
 * - `otype` picks the operation: `replace` → `r`, `integer` → `I` (numbers), `list` → `L` and
 *   `list_dmp` → `dL` (arrays), `string` → `d` (the default for strings anyway);
 * - `attributes` holds the policies of an object's keys;
 * - `item` is the policy of every item of a list.
 */
export interface ValuePolicy {
  readonly otype?: 'replace' | 'list' | 'list_dmp' | 'integer' | 'string';
  readonly attributes?: PolicyMap;
  readonly item?: ValuePolicy;
}

/** Policies by object key. */
export interface PolicyMap {
  readonly [key: string]: ValuePolicy;
}

/**
 * A schema policy for `diff`: either `{ attributes: { key: policy } }` or, as in the Python
 * reference and the shared fixtures, the bare map `{ key: policy }`.
 */
export type Policy = ValuePolicy | PolicyMap;
