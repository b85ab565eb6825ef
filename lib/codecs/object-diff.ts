/**
 * Codecs for jsondiff, the format of a change's `v` (see `jsondiff/types.ts` for the operations).
 * Decoding checks every operation, nested `L` and `O` diffs included, so a decoded diff can be
 * applied without further checks.
 *
 * @since 0.1.0
 */
import { isJsonValue, isRecord } from '../jsondiff/guards.js';
import * as t from 'io-ts';
import type {
  JsonValue as JsonValueType,
  ObjectDiff as ObjectDiffType,
  Operation as OperationType,
} from '../jsondiff/types.js';

/* The codec and its type share a name, as in io-ts. */
export type ObjectDiff = ObjectDiffType;
export type Operation = OperationType;
export type JsonValue = JsonValueType;

/**
 * Any JSON value (finite numbers, plain objects and arrays of JSON values), checked by the one JSON
 * walk (`jsondiff/guards.ts`): no cycles, no holes, no stack overflow however deep.
 */
export const JsonValue = /* @__PURE__ */ new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  isJsonValue,
  (u, c) => (isJsonValue(u) ? t.success(u) : t.failure(u, c, 'not a JSON value')),
  t.identity,
);

/** Where failures go while checking, and the context of the value being checked. */
interface Sink {
  readonly c: t.Context;
  readonly errors: t.ValidationError[];
}

/** The sink for `value` under `key`, when failures are being recorded. */
const at = (
  sink: Sink | undefined,
  key: string,
  type: t.Decoder<unknown, unknown>,
  value: unknown,
): Sink | undefined =>
  sink && { c: t.appendContext(sink.c, key, type, value), errors: sink.errors };

/** Records a failure, when failures are being recorded; always `false`. */
const fail = (sink: Sink | undefined, value: unknown, message?: string): false => {
  sink?.errors.push({ value, context: sink.c, ...(message === undefined ? {} : { message }) });
  return false;
};

/**
 * Nested `L`/`O` levels below the top one that are accepted: deeper diffs are refused, rather
 * than risking the stack.
 */
const MAX_LEVELS = 749;

/** Names the context of a value that is not JSON (the context only reads a type's name). */
const JSON_VALUE = { name: 'JsonValue' } as t.Decoder<unknown, unknown>;

type Check = (u: unknown, levels: number, sink?: Sink) => boolean;

/**
 * The one check of operations and of the diffs nested in them (at most `levels` deeper), given
 * how the values of `+` and `r` are checked. Without a sink it builds nothing and stops at the
 * first failure (the guards); with one, it records every failure with its context (validation).
 */
const diffChecks = (isJson: (u: unknown) => boolean) => {
  const checkOperation: Check = (u, levels, sink) => {
    if (!isRecord(u) || typeof u.o !== 'string') return fail(sink, u, 'not an operation');
    const v = u.v;
    switch (u.o) {
      case '-':
        return true;
      case '+':
      case 'r':
        return isJson(v) || fail(at(sink, 'v', JSON_VALUE, v), v);
      case 'I':
        return (typeof v === 'number' && Number.isFinite(v)) || fail(at(sink, 'v', t.number, v), v);
      case 'd':
      case 'dL':
        return typeof v === 'string' || fail(at(sink, 'v', t.string, v), v);
      case 'L':
      case 'O':
        return levels > 0
          ? checkDiff(v, levels - 1, at(sink, 'v', DIFF, v))
          : fail(sink, u, 'diff nested too deeply');
      default:
        return fail(at(sink, 'o', t.string, u.o), u.o, `unknown operation "${u.o}"`);
    }
  };
  const checkDiff: Check = (u, levels, sink) => {
    if (!isRecord(u)) return fail(sink, u, 'not an object');
    let ok = true;
    for (const key of Object.keys(u)) {
      ok = checkOperation(u[key], levels, at(sink, key, OPERATION, u[key])) && ok;
      if (!ok && sink === undefined) return false;
    }
    return ok;
  };
  return { checkOperation, checkDiff };
};

/** Names the contexts of operations and diffs (the codecs below carry the same names). */
const OPERATION = { name: 'Operation' } as t.Decoder<unknown, unknown>;
const DIFF = { name: 'ObjectDiff' } as t.Decoder<unknown, unknown>;

/**
 * The codec of an operation or a diff (`which`), with the values of `+` and `r` checked by
 * `isJson`: validation returns the input itself when it passes (no copy).
 */
const diffCodec = <A>(
  name: string,
  isJson: (u: unknown) => boolean,
  which: 'checkOperation' | 'checkDiff',
): t.Type<A, A, unknown> => {
  const check = diffChecks(isJson)[which];
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => check(u, MAX_LEVELS),
    (u, c) => {
      const errors: t.ValidationError[] = [];
      return check(u, MAX_LEVELS, { c, errors }) ? t.success(u as A) : t.failures(errors);
    },
    t.identity,
  );
};

/** One jsondiff operation, `{ o, v }`. Decoding returns the operation itself (no copy). */
export const Operation: t.Type<Operation, Operation, unknown> = /* @__PURE__ */ diffCodec(
  'Operation',
  isJsonValue,
  'checkOperation',
);

/**
 * An object diff, what a change's `v` holds: a map from key to a jsondiff operation `{ o, v }` —
 * `+` add, `-` remove, `r` replace, `I` add to a number, `L` list diff by index, `dL` list diff as
 * text, `O` nested object diff, `d` diff-match-patch delta of a string (docs/jsondiff.md,
 * "Operations"). Checks every operation, nested `L` and `O` diffs included, and refuses nesting
 * deeper than 750 levels. Decoding returns the diff itself.
 */
export const ObjectDiff: t.Type<ObjectDiff, ObjectDiff, unknown> = /* @__PURE__ */ diffCodec(
  'ObjectDiff',
  isJsonValue,
  'checkDiff',
);

/** Values straight from `JSON.parse` are JSON by construction. */
const parsedJson = (): boolean => true;

/**
 * {@link ObjectDiff} for a value straight from `JSON.parse`, such as a change's `v` in an answer:
 * the values of `+` and `r` are JSON by construction, so they are not walked again. The change
 * decoder of the feeds uses it; for any other value use `ObjectDiff`.
 */
export const ParsedObjectDiff: t.Type<ObjectDiff, ObjectDiff, unknown> = /* @__PURE__ */ diffCodec(
  'ObjectDiff',
  parsedJson,
  'checkDiff',
);
