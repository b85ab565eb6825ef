import fc from 'fast-check';
import { deepEqual } from '../../lib/jsondiff';
import { jsonValue } from '../support/jsondiff-arbitraries';

describe('deepEqual', () => {
  it('should compare primitives by value and type', () => {
    expect(deepEqual('a', 'a')).toBe(true);
    expect(deepEqual(1, 1)).toBe(true);
    expect(deepEqual(null, null)).toBe(true);
    expect(deepEqual('1', 1)).toBe(false);
    expect(deepEqual(null, false)).toBe(false);
  });

  it('should never equate a boolean with a number', () => {
    expect(deepEqual(true, 1)).toBe(false);
    expect(deepEqual(0, false)).toBe(false);
  });

  it('should compare arrays item by item, in order', () => {
    expect(deepEqual([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1], [1, 1])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });

  it('should compare objects by own keys, in any order', () => {
    expect(deepEqual({ a: 1, b: { c: [] } }, { b: { c: [] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: undefined } as never, { b: undefined } as never)).toBe(false);
  });

  it('should not be fooled by inherited members', () => {
    expect(deepEqual({ toString: 1 }, { valueOf: 1 })).toBe(false);
  });

  it('should see a value as equal to its JSON round trip (property)', () => {
    fc.assert(
      fc.property(jsonValue(), (v) => {
        expect(deepEqual(v, JSON.parse(JSON.stringify(v)))).toBe(true);
      }),
    );
  });
});
