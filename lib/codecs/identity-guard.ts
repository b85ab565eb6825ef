/**
 * A cheaper way through the document codecs users write most: for an io-ts codec made only of
 * parts that decode a value into itself (primitives, literals, `t.type`, `t.partial`, arrays,
 * refinements and brands of those, unions of primitives), a guard that accepts a value only when
 * decoding it would return that very value. A document the guard accepts is decoded as itself at
 * the cost of type tests, without the contexts and results io-ts builds for each property; any
 * other goes through `validate`, so results and error messages are exactly as before.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import * as E from '../either.js';

/** A guard `g` such that `g(u)` implies `codec.validate(u, c)` is `Right(u)`, `u` itself. */
export type IdentityGuard = (u: unknown) => boolean;

/** The io-ts codecs whose `validate` is `is(u) ? success(u) : failure(u, c)`. */
const LEAVES: ReadonlySet<string> = new Set([
  'StringType',
  'NumberType',
  'BooleanType',
  'NullType',
  'UndefinedType',
  'VoidType',
  'UnknownType',
  'AnyType',
  'NeverType',
  'LiteralType',
  'KeyofType',
  'AnyArrayType',
  'AnyDictionaryType',
]);

/** What the guard reads of an io-ts codec, from whichever copy of io-ts made it. */
interface Tagged {
  readonly _tag?: unknown;
  readonly is?: (u: unknown) => boolean;
  readonly type?: Tagged;
  readonly types?: ReadonlyArray<Tagged>;
  readonly props?: Readonly<Record<string, Tagged>>;
  readonly predicate?: (u: unknown) => boolean;
}

const isRecordLike = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u);

const hasOwn = (u: object, key: string): boolean => Object.prototype.hasOwnProperty.call(u, key);

/** The keys of `props` and their guards, or `undefined` when one has none. */
const propGuards = (
  props: Readonly<Record<string, Tagged>>,
): { keys: string[]; guards: IdentityGuard[] } | undefined => {
  const keys = Object.keys(props);
  const guards: IdentityGuard[] = [];
  for (const key of keys) {
    const guard = guardOf(props[key] as Tagged);
    if (guard === undefined) return undefined;
    guards.push(guard);
  }
  return { keys, guards };
};

/** A guard of records whose `keys` each pass `accepts` (plain loops: it runs per document). */
const recordGuard = (
  of: { keys: string[]; guards: IdentityGuard[] } | undefined,
  accepts: (u: Record<string, unknown>, key: string, guard: IdentityGuard) => boolean,
): IdentityGuard | undefined => {
  if (of === undefined) return undefined;
  const { keys, guards } = of;
  return (u) => {
    if (!isRecordLike(u)) return false;
    for (let i = 0; i < keys.length; i += 1) {
      if (!accepts(u, keys[i] as string, guards[i] as IdentityGuard)) return false;
    }
    return true;
  };
};

const guardOf = (codec: Tagged): IdentityGuard | undefined => {
  const tag = typeof codec._tag === 'string' ? codec._tag : '';
  const { is, type, types, props, predicate } = codec;
  if (LEAVES.has(tag)) {
    if (typeof is !== 'function') return undefined;
    // Not NaN: the combinators copy their input when a part decodes to a value `!==` the one
    // they read, which NaN always is (JSON never holds one; `validate` takes it as io-ts does).
    return (u) => u === u && is.call(codec, u);
  }
  switch (tag) {
    case 'ReadonlyType':
      return type === undefined ? undefined : guardOf(type);
    case 'RefinementType': {
      const inner = type === undefined ? undefined : guardOf(type);
      if (inner === undefined || typeof predicate !== 'function') return undefined;
      return (u) => inner(u) && predicate(u);
    }
    case 'ArrayType':
    case 'ReadonlyArrayType': {
      const item = type === undefined ? undefined : guardOf(type);
      return item === undefined ? undefined : (u) => Array.isArray(u) && u.every(item);
    }
    case 'InterfaceType':
      // io-ts copies the object when a key it accepts as undefined is missing: own keys only.
      return recordGuard(props && propGuards(props), (u, k, g) => {
        const v = u[k];
        return v === undefined ? hasOwn(u, k) && g(v) : g(v);
      });
    case 'PartialType':
      return recordGuard(props && propGuards(props), (u, k, g) => {
        const v = u[k];
        return v === undefined || g(v);
      });
    case 'UnionType': {
      // Only unions of leaves: they return the first member that accepts, the value itself.
      if (types === undefined || !types.every((m) => LEAVES.has(String(m._tag)))) return undefined;
      const members = types.map(guardOf);
      if (members.some((m) => m === undefined)) return undefined;
      return (u) => members.some((m) => (m as IdentityGuard)(u));
    }
    default:
      return undefined;
  }
};

/**
 * `doc.validate(u, c)`, except that a value `guard` (the identity guard of `doc`) accepts is
 * decoded as itself without it: the same result, at the cost of the guard's type tests.
 */
export const validateDoc = <A>(
  doc: t.Decoder<unknown, A>,
  guard: IdentityGuard | undefined,
  u: unknown,
  c: t.Context,
): t.Validation<A> => (guard !== undefined && guard(u) ? E.right(u as A) : doc.validate(u, c));

const cache = new WeakMap<object, IdentityGuard | null>();

/**
 * The identity guard of `codec` (see the module comment), or `undefined` when it has parts the
 * guard cannot vouch for (`t.exact`, `t.strict`, intersections, records, tuples, recursive and
 * hand-written codecs): those always decode through `validate`. Computed once per codec.
 */
export const identityGuard = (codec: t.Decoder<unknown, unknown>): IdentityGuard | undefined => {
  const cached = cache.get(codec);
  if (cached !== undefined) return cached ?? undefined;
  const guard = guardOf(codec as Tagged);
  cache.set(codec, guard ?? null);
  return guard;
};
