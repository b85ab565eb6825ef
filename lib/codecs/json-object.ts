/**
 * The default document codec: any JSON object.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { isRecord } from '../jsondiff/guards';
import type { JsonObject as Json } from '../jsondiff/types';
import { JsonValue } from './object-diff';

/**
 * Any JSON object: not an array, not null, not a primitive, and a tree of JSON values within
 * (finite numbers, plain objects, no object reached twice; checked without recursion, see
 * {@link JsonValue}). What a bucket holds when no codec is given. Decoding never throws and
 * returns the input itself (no copy).
 */
export const JsonObject: t.Type<Json, Json, unknown> = new t.Type<Json, Json, unknown>(
  'JsonObject',
  (u): u is Json => isRecord(u) && JsonValue.is(u),
  (u, c) => (isRecord(u) && JsonValue.is(u) ? t.success(u as Json) : t.failure(u, c)),
  t.identity,
);
export type JsonObject = Json;
