import { isJsonObject } from '../../lib/jsondiff';
import { hasOwn, isJsonValue, isRecord, setOwn } from '../../lib/jsondiff/guards';

describe('isJsonObject', () => {
  it('should accept plain objects of JSON values, nested', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: [1, 'x', null, true, { b: [] }] })).toBe(true);
    expect(isJsonObject(JSON.parse('{"__proto__": {"a": 1}}'))).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
  });

  it('should reject non-objects, arrays and class instances', () => {
    for (const u of [null, undefined, 1, 'x', [], [{}], new Date(0), new Map(), /x/]) {
      expect(isJsonObject(u)).toBe(false);
    }
  });

  it('should reject values JSON cannot hold, at any depth', () => {
    for (const u of [NaN, Infinity, undefined, () => 1, Symbol('s'), 1n, new Date(0)]) {
      expect(isJsonObject({ a: { b: [u] } })).toBe(false);
    }
  });

  it('should reject cycles but accept shared values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(isJsonObject(cyclic)).toBe(false);
    const shared = { x: 1 };
    expect(isJsonObject({ a: shared, b: shared, c: [shared, shared] })).toBe(true);
  });
});

describe('isJsonValue', () => {
  it('should accept JSON primitives and reject the rest', () => {
    expect([1, 'a', true, null, [], {}].every(isJsonValue)).toBe(true);
    expect([undefined, NaN, -Infinity].some(isJsonValue)).toBe(false);
  });
});

describe('isRecord', () => {
  it('should accept plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(new (class {})())).toBe(false);
  });
});

describe('setOwn', () => {
  it('should define __proto__ as an own key without changing the prototype', () => {
    const o: Record<string, number> = {};
    setOwn(o, '__proto__', 1);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(hasOwn(o, '__proto__')).toBe(true);
    expect(JSON.stringify(o)).toBe('{"__proto__":1}');
  });
});
