import fc from 'fast-check';
import { apply, JsonDiffError, type JsonObject, type ObjectDiff } from '../../lib/jsondiff';
import { jsonObject } from '../support/jsondiff-arbitraries';

const rejection = (a: unknown, d: unknown): JsonDiffError => {
  try {
    apply(a as JsonObject, d as ObjectDiff);
  } catch (e) {
    if (e instanceof JsonDiffError) return e;
    throw e;
  }
  throw new Error('apply did not throw');
};

const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

const count = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('apply', () => {
  describe('on object keys', () => {
    it('should set a key with "+", replacing any value there', () => {
      expect(apply({ a: 1 }, { b: { o: '+', v: [1] }, a: { o: '+', v: 'x' } })).toEqual({
        a: 'x',
        b: [1],
      });
    });

    it('should remove a key with "-"', () => {
      expect(apply({ a: 1, b: 2 }, { a: { o: '-' } })).toEqual({ b: 2 });
    });

    it('should replace a value with "r"', () => {
      expect(apply({ a: { deep: true } }, { a: { o: 'r', v: null } })).toEqual({ a: null });
    });

    it('should add to a number with "I"', () => {
      expect(apply({ n: 5 }, { n: { o: 'I', v: -7 } })).toEqual({ n: -2 });
    });

    it('should patch a nested object with "O"', () => {
      expect(apply({ a: { b: 1, c: 2 } }, { a: { o: 'O', v: { b: { o: '-' } } } })).toEqual({
        a: { c: 2 },
      });
    });

    it('should patch a string with "d"', () => {
      expect(apply({ s: 'a😀b' }, { s: { o: 'd', v: '=4\t+c' } })).toEqual({ s: 'a😀bc' });
    });

    it('should patch a list with "L" and as text with "dL"', () => {
      expect(apply({ l: [1, 2, 3] }, { l: { o: 'L', v: { '1': { o: '-' } } } })).toEqual({
        l: [1, 3],
      });
      expect(apply({ l: [1, 2, 3] }, { l: { o: 'dL', v: '=6\t+4%0A' } })).toEqual({
        l: [1, 2, 3, 4],
      });
    });

    it('should return a new object and never mutate the object or the diff', () => {
      const a = deepFreeze({ a: 'x', l: [1, 2], o: { n: 1 } });
      const d = deepFreeze<ObjectDiff>({
        a: { o: 'd', v: '=1\t+y' },
        l: { o: 'L', v: { '0': { o: '-' } } },
        o: { o: 'O', v: { n: { o: 'I', v: 1 } } },
      });
      const result = apply(a, d);
      expect(result).toEqual({ a: 'xy', l: [2], o: { n: 2 } });
      expect(a).toEqual({ a: 'x', l: [1, 2], o: { n: 1 } });
    });

    it('should treat __proto__ as an ordinary key and never touch prototypes', () => {
      const d = JSON.parse('{"__proto__": {"o": "+", "v": {"polluted": true}}}') as ObjectDiff;
      const result = apply({}, d);
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.keys(result)).toEqual(['__proto__']);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('should not see inherited members as keys', () => {
      expect(rejection({}, { constructor: { o: '-' } }).code).toBe('bad-target');
      expect(rejection({}, { toString: { o: 'd', v: '' } }).code).toBe('bad-target');
    });
  });

  describe('on list indexes', () => {
    it('#8.6-2 should insert with "+", not replace', () => {
      expect(apply({ l: [1, 2, 3] }, { l: { o: 'L', v: { '1': { o: '+', v: 9 } } } })).toEqual({
        l: [1, 9, 2, 3],
      });
    });

    it('#8.6-2 should run operations in numeric index order ("10" after "2")', () => {
      const v = { '10': { o: '+', v: 'y' }, '2': { o: '+', v: 'x' } } as const;
      expect(apply({ l: count(12) }, { l: { o: 'L', v } })).toEqual({
        l: [0, 1, 'x', 2, 3, 4, 5, 6, 7, 8, 'y', 9, 10, 11],
      });
    });

    it('should shift later indexes left by the removals before them', () => {
      const v = { '1': { o: '-' }, '2': { o: '-' }, '3': { o: 'r', v: 'D' } } as const;
      expect(apply({ l: ['a', 'b', 'c', 'd'] }, { l: { o: 'L', v } })).toEqual({ l: ['a', 'D'] });
    });

    it('should apply a rotation diff that removes at the front and adds at the end', () => {
      const v = { '0': { o: '-' }, '4': { o: '+', v: 'y' } } as const;
      expect(apply({ l: ['x', 1, 2, 3] }, { l: { o: 'L', v } })).toEqual({ l: [1, 2, 3, 'y'] });
    });

    it('should append with "+" at the length', () => {
      expect(apply({ l: [] }, { l: { o: 'L', v: { '0': { o: '+', v: 1 } } } })).toEqual({ l: [1] });
    });

    it('should run nested operations on items', () => {
      const v = {
        '0': { o: 'I', v: 1 },
        '1': { o: 'O', v: { k: { o: 'r', v: 2 } } },
        '2': { o: 'd', v: '=1\t+b' },
        '3': { o: 'L', v: { '0': { o: '-' } } },
        '4': { o: 'dL', v: '-2' },
      } as const;
      const l = [1, { k: 1 }, 'a', [1], [1]];
      expect(apply({ l }, { l: { o: 'L', v } })).toEqual({ l: [2, { k: 2 }, 'ab', [], []] });
    });

    it.each([
      ['"-" past the end', { '3': { o: '-' } }],
      ['"r" past the end', { '3': { o: 'r', v: 0 } }],
      ['"+" past the length', { '4': { o: '+', v: 0 } }],
    ])('should reject %s with bad-target', (_name, v) => {
      const error = rejection({ l: [1, 2, 3] }, { l: { o: 'L', v } });
      expect(error.code).toBe('bad-target');
      expect(error.message).toMatch(/^cannot apply at \/l\/[34]: /);
    });

    it.each([['-1'], ['01'], ['a'], ['1.5'], [' 1'], ['1e3']])(
      'should reject the index %j with bad-operation',
      (index) => {
        expect(rejection({ l: [1, 2] }, { l: { o: 'L', v: { [index]: { o: '-' } } } }).code).toBe(
          'bad-operation',
        );
      },
    );
  });

  describe('on mismatched targets', () => {
    it.each([
      ['"-" on a missing key', {}, { a: { o: '-' } }],
      ['"I" on a string', { a: 'x' }, { a: { o: 'I', v: 1 } }],
      ['"I" on a boolean', { a: true }, { a: { o: 'I', v: 1 } }],
      ['"I" that overflows', { a: 1e308 }, { a: { o: 'I', v: 1e308 } }],
      ['"d" on a number', { a: 1 }, { a: { o: 'd', v: '=1' } }],
      ['"d" on a missing key', {}, { a: { o: 'd', v: '' } }],
      ['"O" on an array', { a: [] }, { a: { o: 'O', v: {} } }],
      ['"O" on null', { a: null }, { a: { o: 'O', v: {} } }],
      ['"L" on an object', { a: {} }, { a: { o: 'L', v: {} } }],
      ['"dL" on a string', { a: 'x' }, { a: { o: 'dL', v: '' } }],
    ])('should reject %s with bad-target', (_name, a, d) => {
      const error = rejection(a, d);
      expect(error.code).toBe('bad-target');
      expect(error.message).toMatch(/^cannot apply at \/a: /);
    });

    it('should reject a base that is not an object', () => {
      expect(rejection([1], {}).code).toBe('bad-target');
      expect(rejection(null, {}).code).toBe('bad-target');
    });

    it('should reject a delta that does not fit the text with bad-delta, naming the path', () => {
      const error = rejection(
        { o: { s: 'abc' } },
        { o: { o: 'O', v: { s: { o: 'd', v: '=2' } } } },
      );
      expect(error.code).toBe('bad-delta');
      expect(error.message).toMatch(/^at \/o\/s: delta spans 2 code units but the text has 3$/);
    });

    it('should reject a list delta that breaks an item with bad-delta', () => {
      expect(rejection({ l: [12] }, { l: { o: 'dL', v: '=1\t+"' } }).code).toBe('bad-delta');
    });
  });

  describe('on malformed diffs', () => {
    it.each([
      ['a diff that is null', null],
      ['a diff that is an array', []],
      ['an operation that is a string', { a: '+' }],
      ['an unknown operation', { a: { o: 'x' } }],
      ['an operation without o', { a: { v: 1 } }],
      ['"+" without v', { a: { o: '+' } }],
      ['"r" with an undefined v', { a: { o: 'r', v: undefined } }],
      ['"r" with a non-JSON v', { a: { o: 'r', v: new Date(0) } }],
      ['"+" with NaN', { a: { o: '+', v: NaN } }],
      ['"I" with a string', { a: { o: 'I', v: '1' } }],
      ['"I" with Infinity', { a: { o: 'I', v: Infinity } }],
      ['"d" with a number', { a: { o: 'd', v: 1 } }],
      ['"O" with an array', { a: { o: 'O', v: [] } }],
      ['"L" with a string', { a: { o: 'L', v: 'x' } }],
    ])('should reject %s with bad-operation', (_name, d) => {
      const error = rejection({ a: 'x' }, d);
      expect(error.code).toBe('bad-operation');
      expect(error.message).toMatch(/^bad operation at \//);
    });
  });

  it('should throw nothing but JsonDiffError on arbitrary diffs (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c', '0', '1', '2', '10', '__proto__', 'x');
    const delta = fc
      .array(
        fc.oneof(
          fc.nat(6).map((n) => '=' + n),
          fc.nat(6).map((n) => '-' + n),
          fc.constantFrom('+x', '+%ED%A0%BD', '+%F0%9F%98%80', '+%', '+1%0A', '', 'q'),
        ),
        { maxLength: 5 },
      )
      .map((tokens) => tokens.join('\t'));
    const { diff } = fc.letrec((tie) => ({
      diff: fc.oneof(
        { weight: 4, arbitrary: fc.dictionary(key, tie('op'), { maxKeys: 3 }) },
        { weight: 1, arbitrary: fc.anything() },
      ),
      op: fc.oneof(
        fc.record(
          {
            o: fc.constantFrom('+', '-', 'r', 'I', 'L', 'dL', 'O', 'd', 'x', 1, null),
            v: fc.oneof(fc.jsonValue({ maxDepth: 2 }), delta, tie('diff'), fc.anything()),
          },
          { requiredKeys: ['o'] },
        ),
        fc.anything(),
      ),
    }));
    const target = fc.oneof(
      jsonObject(),
      fc.dictionary(
        key,
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.array(fc.integer(), { maxLength: 12 }),
          jsonObject(),
        ),
        { maxKeys: 4 },
      ),
    );
    fc.assert(
      fc.property(target, diff, (a, d) => {
        try {
          apply(a, d as ObjectDiff);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonDiffError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
