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

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
export type JsonArray = JsonValue[];
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
