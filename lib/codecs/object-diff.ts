/**
 * Codecs for jsondiff, the format of a change's `v` (see `jsondiff/types.ts` for the operations).
 * Decoding checks every operation, nested `L` and `O` diffs included, so a decoded diff can be
 * applied without further checks.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type {
  JsonValue as JsonValueType,
  ObjectDiff as ObjectDiffType,
  Operation as OperationType,
} from '../jsondiff/types';

/* The codec and its type share a name, as in io-ts. */
export type ObjectDiff = ObjectDiffType;
export type Operation = OperationType;
export type JsonValue = JsonValueType;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Iterative, so a deeply nested value cannot overflow the stack; shared references and sparse
 * arrays are refused.
 */
const isJsonValue = (root: unknown): root is JsonValue => {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const u = stack.pop();
    if (u === null || typeof u === 'string' || typeof u === 'boolean') continue;
    if (typeof u === 'number' && Number.isFinite(u)) continue;
    const plain = isRecord(u) && [Object.prototype, null].includes(Object.getPrototypeOf(u));
    if (!(Array.isArray(u) || plain) || seen.has(u as object)) return false;
    seen.add(u as object);
    // an array's holes are visited (as `undefined`, refused), which `Object.values` would skip
    for (const child of Array.isArray(u) ? u : Object.values(u as object)) stack.push(child);
  }
  return true;
};

/** Any JSON value (finite numbers, plain objects and arrays of JSON values). */
export const JsonValue = new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  isJsonValue,
  (u, c) => (isJsonValue(u) ? t.success(u) : t.failure(u, c, 'not a JSON value')),
  t.identity,
);

/** Validates every value of a record with `item`, each under its own key in the context. */
const validateRecord = <A>(
  u: unknown,
  c: t.Context,
  item: t.Type<A, unknown, unknown>,
): t.Validation<{ readonly [key: string]: A }> => {
  if (!isRecord(u)) return t.failure(u, c, 'not an object');
  const out: { [key: string]: A } = {};
  const errors: t.ValidationError[] = [];
  for (const [key, value] of Object.entries(u)) {
    const result = item.validate(value, t.appendContext(c, key, item, value));
    if (E.isLeft(result)) for (const e of result.left) errors.push(e);
    // defineProperty: a "__proto__" key stays a key instead of replacing the prototype
    else
      Object.defineProperty(out, key, {
        value: result.right,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return errors.length > 0 ? t.failures(errors) : t.success(out);
};

/**
 * Bounds the nesting of `L`/`O` diffs, rather than risking the stack: the io-ts context grows by
 * two entries per level, so `3 × MAX_DEPTH` entries let 750 levels through and refuse the 751st.
 */
const MAX_DEPTH = 500;

const validateOperation = (u: unknown, c: t.Context): t.Validation<Operation> => {
  if (c.length > 3 * MAX_DEPTH) return t.failure(u, c, 'diff nested too deeply');
  if (!isRecord(u) || typeof u.o !== 'string') return t.failure(u, c, 'not an operation');
  const v = u.v;
  const at = (codec: t.Decoder<unknown, unknown>): t.Context => t.appendContext(c, 'v', codec, v);
  switch (u.o) {
    case '-':
      return t.success({ o: '-' });
    case '+':
    case 'r':
      return isJsonValue(v) ? t.success({ o: u.o, v }) : t.failure(v, at(JsonValue));
    case 'I':
      return typeof v === 'number' && Number.isFinite(v)
        ? t.success({ o: 'I', v })
        : t.failure(v, at(t.number));
    case 'd':
    case 'dL':
      return typeof v === 'string' ? t.success({ o: u.o, v }) : t.failure(v, at(t.string));
    case 'L':
      return E.map((diff: ObjectDiff) => ({ o: 'L' as const, v: diff }))(
        validateRecord(v, at(ObjectDiff), Operation),
      );
    case 'O':
      return E.map((diff: ObjectDiff) => ({ o: 'O' as const, v: diff }))(
        validateRecord(v, at(ObjectDiff), Operation),
      );
    default:
      return t.failure(u.o, t.appendContext(c, 'o', t.string, u.o), `unknown operation "${u.o}"`);
  }
};

/** One jsondiff operation, `{ o, v }`. */
export const Operation: t.Type<Operation, Operation, unknown> = new t.Type<
  Operation,
  Operation,
  unknown
>(
  'Operation',
  (u): u is Operation => E.isRight(validateOperation(u, [])),
  validateOperation,
  t.identity,
);

/** An object diff: a map from key to {@link Operation}. */
export const ObjectDiff: t.Type<ObjectDiff, ObjectDiff, unknown> = new t.Type<
  ObjectDiff,
  ObjectDiff,
  unknown
>(
  'ObjectDiff',
  (u): u is ObjectDiff => E.isRight(validateRecord(u, [], Operation)),
  (u, c) => validateRecord(u, c, Operation),
  t.identity,
);
