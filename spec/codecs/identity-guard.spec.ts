import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { identityGuard, validateDoc } from '../../lib/codecs/identity-guard';

const Positive = t.brand(
  t.number,
  (n): n is t.Branded<number, { readonly Positive: unique symbol }> => n > 0,
  'Positive',
);

/** Codecs the guard vouches for: made only of parts that decode a value into itself. */
const supported: ReadonlyArray<[string, t.Decoder<unknown, unknown>]> = [
  ['t.string', t.string],
  ['t.type of primitives', t.type({ title: t.string, done: t.boolean, n: t.number })],
  ['t.type with a key that accepts undefined', t.type({ a: t.unknown, b: t.string })],
  ['t.partial', t.partial({ a: t.string, b: t.union([t.number, t.null]) })],
  ['t.array of t.type', t.array(t.type({ tag: t.literal('x'), n: t.Int }))],
  ['t.readonly, t.readonlyArray', t.readonly(t.type({ tags: t.readonlyArray(t.string) }))],
  ['a brand', t.type({ n: Positive })],
  ['a union of leaves', t.union([t.string, t.number, t.null, t.literal(true)])],
  ['t.keyof, UnknownRecord', t.type({ k: t.keyof({ a: null, b: null }), r: t.UnknownRecord })],
  ['nested', t.type({ inner: t.type({ list: t.array(t.union([t.string, t.undefined])) }) })],
];

/** Codecs it does not: each may return something other than its input. */
const unsupported: ReadonlyArray<[string, t.Decoder<unknown, unknown>]> = [
  ['t.exact (strips keys)', t.exact(t.type({ a: t.string }))],
  ['t.strict', t.strict({ a: t.string })],
  ['t.intersection', t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })])],
  ['t.record', t.record(t.string, t.number)],
  ['t.tuple', t.tuple([t.string, t.number])],
  [
    'a hand-written codec',
    new t.Type<Date, string, unknown>(
      'DateFromString',
      (u): u is Date => u instanceof Date,
      (u, c) => (typeof u === 'string' ? t.success(new Date(u)) : t.failure(u, c)),
      (d) => d.toISOString(),
    ),
  ],
  ['a t.type holding one', t.type({ at: t.union([t.string, t.type({ a: t.string })]) })],
];

describe('identityGuard', () => {
  it.each(supported)('should vouch for %s', (_, codec) => {
    expect(identityGuard(codec)).toBeInstanceOf(Function);
  });

  it.each(unsupported)('should leave %s to validate', (_, codec) => {
    expect(identityGuard(codec)).toBeUndefined();
  });

  it('should accept a value only when validate returns that very value', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          title: fc.oneof(fc.string(), fc.integer()),
          done: fc.boolean(),
          n: fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)),
          a: fc.jsonValue(),
          b: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          k: fc.constantFrom('a', 'b', 'c'),
          r: fc.jsonValue(),
          tags: fc.array(fc.string()),
          inner: fc.record({ list: fc.array(fc.oneof(fc.string(), fc.integer())) }),
        },
        { requiredKeys: [] },
      ),
      fc.array(
        fc.record({ tag: fc.constantFrom('x', 'y'), n: fc.oneof(fc.integer(), fc.double()) }),
      ),
    );
    let accepted = 0;
    fc.assert(
      fc.property(values, (u) => {
        for (const [, codec] of supported) {
          const guard = identityGuard(codec);
          if (guard?.(u) !== true) continue;
          accepted += 1;
          const decoded = codec.decode(u);
          expect(E.isRight(decoded) && decoded.right === u).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(100); // the property was really exercised
  });

  it('should leave NaN to validate, which copies the object holding it', () => {
    const codec = t.type({ n: t.number, a: t.array(t.unknown) });
    for (const u of [
      { n: Number.NaN, a: [] },
      { n: 1, a: [Number.NaN] },
    ]) {
      expect(identityGuard(codec)?.(u)).toBe(false);
      const decoded = codec.decode(u);
      expect(E.isRight(decoded) && decoded.right).not.toBe(u);
    }
  });

  it('should leave a t.type missing a key it accepts as undefined to validate, which copies', () => {
    const codec = t.type({ a: t.unknown, b: t.string });
    const u = { b: 'x' };
    expect(identityGuard(codec)?.(u)).toBe(false);
    const decoded = validateDoc(codec, identityGuard(codec), u, []);
    expect(decoded).toEqual(E.right({ a: undefined, b: 'x' }));
    expect(E.isRight(decoded) && decoded.right).not.toBe(u);
  });

  it('should decode as validate does, with its errors, through validateDoc', () => {
    const codec = t.type({ n: t.number });
    const guard = identityGuard(codec);
    const ok = { n: 1 };
    expect(validateDoc(codec, guard, ok, [])).toEqual(E.right(ok));
    expect(E.isRight(validateDoc(codec, guard, ok, [])) && ok).toBe(ok);
    const bad = validateDoc(codec, guard, { n: 'one' }, [{ key: '', type: codec, actual: {} }]);
    expect(bad).toEqual(codec.validate({ n: 'one' }, [{ key: '', type: codec, actual: {} }]));
    expect(E.isLeft(bad)).toBe(true);
  });

  it('should read the same codec once', () => {
    const codec = t.type({ n: t.number });
    expect(identityGuard(codec)).toBe(identityGuard(codec));
    const exact = t.exact(codec);
    expect(identityGuard(exact)).toBeUndefined();
    expect(identityGuard(exact)).toBeUndefined();
  });
});
