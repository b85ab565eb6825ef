/**
 * The document codecs of buckets given none: any JSON object.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { isRecord } from '../jsondiff/guards.js';
import type { JsonObject as Json } from '../jsondiff/types.js';
import { JsonValue } from './object-diff.js';
import { guarded } from './primitives.js';

/**
 * Any JSON object: not an array, not null, not a primitive, and a tree of JSON values within
 * (finite numbers, plain objects, no cycle; checked without recursion, see {@link JsonValue}).
 * Decoding never throws and returns the input itself (no copy).
 */
export const JsonObject: t.Type<Json, Json, unknown> = /* @__PURE__ */ new t.Type<
  Json,
  Json,
  unknown
>(
  'JsonObject',
  (u): u is Json => isRecord(u) && JsonValue.is(u),
  (u, c) => (isRecord(u) && JsonValue.is(u) ? t.success(u as Json) : t.failure(u, c)),
  t.identity,
);
export type JsonObject = Json;

/**
 * {@link JsonObject} for values straight from `JSON.parse`, which hold JSON by construction: it
 * checks only that the value is an object. The default codec of a bucket, since every document a
 * bucket decodes comes from a parsed answer; for any other value use `JsonObject`.
 */
export const ParsedJsonObject: t.Type<Json, Json, unknown> = /* @__PURE__ */ guarded(
  'JsonObject',
  (u): u is Json => isRecord(u),
);
