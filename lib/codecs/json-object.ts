/**
 * The default document codec: any JSON object.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import type { JsonObject as Json } from '../jsondiff/types';
import { JsonValue } from './object-diff';

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
};

/**
 * Any JSON object: not an array, not null, not a primitive, and a tree of JSON values within
 * (finite numbers, plain objects, no object reached twice; checked without recursion, see
 * {@link JsonValue}). What a bucket holds when no codec is given. Decoding never throws and
 * returns the input itself (no copy).
 */
export const JsonObject: t.Type<Json, Json, unknown> = new t.Type<Json, Json, unknown>(
  'JsonObject',
  (u): u is Json => isPlainObject(u) && JsonValue.is(u),
  (u, c) => (isPlainObject(u) && JsonValue.is(u) ? t.success(u as Json) : t.failure(u, c)),
  t.identity,
);
export type JsonObject = Json;
