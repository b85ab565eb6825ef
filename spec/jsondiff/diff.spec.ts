import fc from 'fast-check';
import { apply, deepEqual, diff, type JsonObject, type Policy } from '../../lib/jsondiff';
import { jsonObject, objectPair } from '../support/jsondiff-arbitraries';

describe('diff', () => {
  it('should give an empty diff for equal objects, whatever their key order', () => {
    expect(diff({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toEqual({});
  });

  it('should remove a key only in the old object with a "-" that has no v', () => {
    const d = diff({ a: 1, gone: 'x' }, { a: 1 });
    expect(d).toEqual({ gone: { o: '-' } });
    expect(d['gone']).not.toHaveProperty('v');
  });

  it('should add a key only in the new object with "+", null included', () => {
    expect(diff({}, { a: null, b: { c: 1 } })).toEqual({
      a: { o: '+', v: null },
      b: { o: '+', v: { c: 1 } },
    });
  });

  it('should replace numbers and booleans with "r", not "I"', () => {
    expect(diff({ n: 1, t: true }, { n: 2, t: false })).toEqual({
      n: { o: 'r', v: 2 },
      t: { o: 'r', v: false },
    });
  });

  it('should replace a value whose type changes', () => {
    expect(diff({ a: 'b', n: null, o: {} }, { a: 7, n: 0, o: [] })).toEqual({
      a: { o: 'r', v: 7 },
      n: { o: 'r', v: 0 },
      o: { o: 'r', v: [] },
    });
  });

  it('should never treat a boolean and a number as equal', () => {
    expect(diff({ a: true }, { a: 1 })).toEqual({ a: { o: 'r', v: 1 } });
  });

  it('should replace arrays wholesale with the whole new array', () => {
    expect(diff({ a: [1, 2, 3] }, { a: [1, 2, 3, 4] })).toEqual({ a: { o: 'r', v: [1, 2, 3, 4] } });
  });

  it('should diff nested objects recursively with "O"', () => {
    expect(diff({ a: { b: { c: 1, d: 2 } } }, { a: { b: { c: 1, d: 3 } } })).toEqual({
      a: { o: 'O', v: { b: { o: 'O', v: { d: { o: 'r', v: 3 } } } } },
    });
  });

  it('should diff strings with a diff-match-patch delta', () => {
    expect(diff({ a: 'Hello world' }, { a: 'Goodbye world' })).toEqual({
      a: { o: 'd', v: '-5\t+Goodbye\t=6' },
    });
  });

  it('should handle keys that are Object.prototype members as plain keys', () => {
    const a = JSON.parse('{"__proto__": "x", "constructor": 1}') as JsonObject;
    const b = JSON.parse('{"__proto__": "xy", "toString": 2}') as JsonObject;
    const d = diff(a, b);
    expect(Object.keys(d).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(deepEqual(apply(a, d), b)).toBe(true);
  });

  it('should not mutate its inputs', () => {
    const a = { a: 'x', l: [1], o: { p: 1 } };
    const b = { a: 'y', l: [2], o: { p: 2 }, n: 1 };
    const before = JSON.stringify([a, b]);
    diff(a, b, { l: { otype: 'list' } });
    expect(JSON.stringify([a, b])).toBe(before);
  });

  describe('with a policy', () => {
    it('should send integer differences with "I" under otype integer', () => {
      expect(diff({ a: 3 }, { a: 2 }, { attributes: { a: { otype: 'integer' } } })).toEqual({
        a: { o: 'I', v: -1 },
      });
    });

    it('should accept the bare { key: policy } form as well as { attributes }', () => {
      const bare: Policy = { a: { otype: 'integer' } };
      expect(diff({ a: 1 }, { a: 5 }, bare)).toEqual({ a: { o: 'I', v: 4 } });
    });

    it('should fall back to "r" when an increment would not give the exact target', () => {
      // 0.7 + (0.1 - 0.7) is 0.10000000000000009.
      expect(diff({ a: 0.7 }, { a: 0.1 }, { a: { otype: 'integer' } })).toEqual({
        a: { o: 'r', v: 0.1 },
      });
    });

    it('should replace even strings and objects under otype replace', () => {
      const policy: Policy = { s: { otype: 'replace' }, o: { otype: 'replace' } };
      expect(diff({ s: 'ab', o: { x: 1 } }, { s: 'abc', o: { x: 2 } }, policy)).toEqual({
        s: { o: 'r', v: 'abc' },
        o: { o: 'r', v: { x: 2 } },
      });
    });

    it('should diff lists item by item under otype list, with item policies', () => {
      const policy: Policy = { l: { otype: 'list', item: { otype: 'integer' } } };
      expect(diff({ l: [1, 2, 3] }, { l: [1, 5, 3, 9] }, policy)).toEqual({
        l: { o: 'L', v: { '1': { o: 'I', v: 3 }, '3': { o: '+', v: 9 } } },
      });
    });

    it('should diff lists as text under otype list_dmp', () => {
      expect(diff({ l: ['a', 1] }, { l: ['a', 2] }, { l: { otype: 'list_dmp' } })).toEqual({
        l: { o: 'dL', v: '=4\t-1\t+2\t=1' },
      });
    });

    it('should diff strings with "d" under otype string', () => {
      expect(diff({ s: 'a' }, { s: 'ab' }, { s: { otype: 'string' } })).toEqual({
        s: { o: 'd', v: '=1\t+b' },
      });
    });

    it('should follow attributes into nested objects', () => {
      const policy: Policy = { o: { attributes: { n: { otype: 'integer' } } } };
      expect(diff({ o: { n: 1, m: 1 } }, { o: { n: 2, m: 2 } }, policy)).toEqual({
        o: { o: 'O', v: { n: { o: 'I', v: 1 }, m: { o: 'r', v: 2 } } },
      });
    });

    it('should ignore an otype that does not fit the values', () => {
      const policy: Policy = { a: { otype: 'list' }, b: { otype: 'integer' } };
      expect(diff({ a: 'x', b: 'y' }, { a: 'xz', b: 'yz' }, policy)).toEqual({
        a: { o: 'd', v: '=1\t+z' },
        b: { o: 'd', v: '=1\t+z' },
      });
    });

    it('should ignore policy entries that are not policies', () => {
      const junk = { a: 'integer', b: { otype: 'nonsense' } } as unknown as Policy;
      expect(diff({ a: 1, b: 1 }, { a: 2, b: 2 }, junk)).toEqual({
        a: { o: 'r', v: 2 },
        b: { o: 'r', v: 2 },
      });
    });
  });

  it('should make diffs that turn a into b (property)', () => {
    fc.assert(
      fc.property(objectPair(), ([a, b]) => {
        expect(deepEqual(apply(a, diff(a, b)), b)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('should give {} exactly when the objects are equal (property)', () => {
    fc.assert(
      fc.property(jsonObject(), jsonObject(), (a, b) => {
        expect(Object.keys(diff(a, b)).length === 0).toBe(deepEqual(a, b));
        expect(diff(a, a)).toEqual({});
      }),
    );
  });

  it('should make list diffs that turn a into b under list policies (property)', () => {
    const list = fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y')), {
      maxLength: 12,
    });
    const policy = fc.constantFrom<Policy>(
      { l: { otype: 'list' } },
      { l: { otype: 'list', item: { otype: 'integer' } } },
      { l: { otype: 'list_dmp' } },
    );
    fc.assert(
      fc.property(list, list, policy, (l1, l2, p) => {
        expect(apply({ l: l1 }, diff({ l: l1 }, { l: l2 }, p))).toEqual({ l: l2 });
      }),
      { numRuns: 300 },
    );
  });
});
