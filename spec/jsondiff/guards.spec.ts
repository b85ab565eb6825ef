import { isJsonObject } from '../../lib/jsondiff';
import { hasOwn, isJsonValue, isRecord, jsonProblem, setOwn } from '../../lib/jsondiff/guards';

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

describe('jsonProblem', () => {
  it('should name what JSON cannot write back', () => {
    expect(jsonProblem({ a: [1, 'x', null, true, { b: 2 }] })).toBeUndefined();
    expect(jsonProblem({ a: undefined })).toBe('not a JSON value');
    expect(jsonProblem([() => 1])).toBe('not a JSON value');
    expect(jsonProblem(new Map())).toBe('not a JSON value');
    // eslint-disable-next-line no-sparse-arrays -- a hole is what JSON cannot hold here
    expect(jsonProblem([1, , 3])).toBe('not a JSON value');
    expect(jsonProblem({ n: Infinity })).toBe('number out of range');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(jsonProblem(cyclic)).toBe('cycle');
  });

  it('should walk nesting far deeper than the stack allows', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonProblem(deep)).toBeUndefined();
  });

  it('should refuse objects and arrays deeper than maxDepth, the root being at depth 1', () => {
    expect(jsonProblem({ a: { b: 1 } }, { maxDepth: 2 })).toBeUndefined();
    expect(jsonProblem({ a: { b: {} } }, { maxDepth: 2 })).toBe('JSON nested too deeply');
    expect(jsonProblem([[[]]], { maxDepth: 2 })).toBe('JSON nested too deeply');
    expect(jsonProblem('flat', { maxDepth: 0 })).toBeUndefined();
  });

  it('should walk a value shared by many paths once, so sharing cannot blow up the walk', () => {
    // 60 levels of two references to the level below: 2^60 paths, 61 distinct objects
    let level: unknown = { leaf: true };
    for (let i = 0; i < 60; i++) level = [level, level];
    expect(jsonProblem(level)).toBeUndefined();
  });
});

describe('jsonProblem with a text check', () => {
  it('should ask the check of every string and key', () => {
    const noX = (text: string) => (text.includes('x') ? `x in ${text}` : undefined);
    expect(jsonProblem({ a: ['b', { c: 'd' }] }, { text: noX })).toBeUndefined();
    expect(jsonProblem({ a: ['b', { c: 'dx' }] }, { text: noX })).toBe('x in dx');
    expect(jsonProblem({ a: [{ xkey: 1 }] }, { text: noX })).toBe('x in xkey');
    expect(jsonProblem('x', { text: noX })).toBe('x in x');
  });
});
