import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { JsonObject, ParsedJsonObject } from '../../lib/codecs/json-object';

describe('JsonObject', () => {
  it('should decode any JSON object to itself', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const parsed = JSON.parse(JSON.stringify(o)) as unknown;
        const result = JsonObject.decode(parsed);
        expect(result).toEqual(E.right(parsed));
        expect(E.isRight(result) && result.right).toBe(parsed);
      }),
    );
  });

  it('should accept nested and empty objects', () => {
    expect(JsonObject.is({})).toBe(true);
    expect(JsonObject.is({ a: [1, 'x', null, { b: true }], c: { d: -0.5 } })).toBe(true);
  });

  it.each([[[]], [[{ a: 1 }]], [null], ['x'], [1], [true], [undefined]])(
    'should refuse the non-object %j',
    (u) => {
      expect(E.isLeft(JsonObject.decode(u))).toBe(true);
    },
  );

  it('should refuse values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const u of [
      { a: undefined },
      { a: NaN },
      { a: new Date(0) },
      { f: () => 1 },
      new Map(),
      cyclic,
      // eslint-disable-next-line no-sparse-arrays -- a hole is what JSON cannot hold here
      { a: [1, , 3] },
    ]) {
      expect(JsonObject.is(u)).toBe(false);
    }
  });

  it('should not overflow the stack on a deeply nested document', () => {
    const text = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(E.isRight(JsonObject.decode(JSON.parse(text)))).toBe(true);
  });

  it('should never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => E.isLeft(JsonObject.decode(u)) || JsonObject.is(u)),
    );
  });

  it('should encode to the same value', () => {
    const o = { a: 1 };
    expect(JsonObject.encode(o)).toBe(o);
  });
});

describe('ParsedJsonObject', () => {
  it('should accept any object, since what it reads comes from JSON.parse', () => {
    const parsed = JSON.parse('{"a":[1,{"b":null}]}') as unknown;
    expect(ParsedJsonObject.decode(parsed)).toEqual({ _tag: 'Right', right: parsed });
    expect(ParsedJsonObject.is({})).toBe(true);
    expect(ParsedJsonObject.name).toBe('JsonObject');
  });

  it('should refuse what is not an object', () => {
    for (const u of [null, [], 'x', 3]) {
      expect(ParsedJsonObject.decode(u)._tag).toBe('Left');
      expect(ParsedJsonObject.is(u)).toBe(false);
    }
  });
});
