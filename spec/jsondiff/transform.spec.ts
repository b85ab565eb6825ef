import fc from 'fast-check';
import {
  apply,
  deepEqual,
  diff,
  JsonDiffError,
  transform,
  transformAll,
  type JsonObject,
  type JsonValue,
  type ObjectDiff,
  type Policy,
} from '../../lib/jsondiff';
import { hasLoneSurrogate } from '../../lib/jsondiff/surrogates';
import { jsonObject, jsonValue, textTriple } from '../support/jsondiff-arbitraries';

/** Rebases local over remote and applies both, as a server does. */
const merge = (base: JsonObject, local: ObjectDiff, remote: ObjectDiff): JsonObject =>
  apply(apply(base, remote), transform(local, remote, base));

const mergeTargets = (
  base: JsonObject,
  local: JsonObject,
  remote: JsonObject,
  policy?: Policy,
): JsonObject => merge(base, diff(base, local, policy), diff(base, remote, policy));

const rejection = (local: unknown, remote: unknown, base: unknown): JsonDiffError => {
  try {
    transform(local as ObjectDiff, remote as ObjectDiff, base as JsonObject);
  } catch (e) {
    if (e instanceof JsonDiffError) return e;
    throw e;
  }
  throw new Error('transform did not throw');
};

const without = (o: JsonObject, keys: ReadonlyArray<string>): JsonObject =>
  Object.fromEntries(Object.entries(o).filter(([key]) => !keys.includes(key))) as JsonObject;

describe('transform', () => {
  it('should merge concurrent appends to a string: b + bc + bd = bcd', () => {
    const base = { a: 'b' };
    const remote = diff(base, { a: 'bc' });
    const local = diff(base, { a: 'bd' });
    expect(apply(apply(base, remote), transform(local, remote, base))).toEqual({ a: 'bcd' });
  });

  it('#8.6-1 should keep local edits to keys the remote did not touch', () => {
    const ghost = { title: 'Hello world', n: 5 };
    const local = diff(ghost, { title: 'Hello world', n: 9 });
    const remote = diff(ghost, { title: 'Hello kansas', n: 5 });
    expect(transform(local, remote, ghost)).toEqual(local);
    expect(merge(ghost, local, remote)).toEqual({ title: 'Hello kansas', n: 9 });
  });

  it('should rebase every overlapping key, not only the first', () => {
    const base = { a: 'x', b: 'y', c: 'z' };
    expect(mergeTargets(base, { a: 'x1', b: 'y1', c: 'z' }, { a: 'x2', b: 'y2', c: 'z2' })).toEqual(
      {
        a: 'x21',
        b: 'y21',
        c: 'z2',
      },
    );
  });

  it('should return the local diff unchanged when no key overlaps', () => {
    const local: ObjectDiff = { a: { o: 'r', v: 1 } };
    expect(transform(local, { b: { o: '-' } }, { a: 0, b: 0 })).toEqual(local);
    expect(transform({}, { b: { o: '-' } }, { b: 0 })).toEqual({});
  });

  describe('per the reference table', () => {
    it('should drop "+" over an equal "+"', () => {
      expect(transform({ k: { o: '+', v: [1] } }, { k: { o: '+', v: [1] } }, {})).toEqual({});
    });

    it('should turn "+" over a different "+" into the diff from the remote value', () => {
      expect(transform({ k: { o: '+', v: 'abc' } }, { k: { o: '+', v: 'ab' } }, {})).toEqual({
        k: { o: 'd', v: '=2\t+c' },
      });
    });

    it('should drop "-" over "-"', () => {
      expect(transform({ k: { o: '-' } }, { k: { o: '-' } }, { k: 1 })).toEqual({});
    });

    it.each<[string, JsonValue, ObjectDiff, JsonValue]>([
      ['O', { a: 1 }, { k: { o: 'O', v: { b: { o: '+', v: 2 } } } }, { a: 1, b: 2 }],
      ['L', [1, 2], { k: { o: 'L', v: { '0': { o: '-' } } } }, [2]],
      ['dL', [1, 2], { k: { o: 'dL', v: '-2\t=2' } }, [2]],
      ['I', 1, { k: { o: 'I', v: 2 } }, 3],
      ['d', 'x', { k: { o: 'd', v: '=1\t+y' } }, 'xy'],
    ])('should resurrect a key the remote removed when "%s" changed it', (_o, k, local, result) => {
      const base: JsonObject = { k };
      const rebased = transform(local, { k: { o: '-' } }, base);
      expect(rebased).toEqual({ k: { o: '+', v: result } });
      expect(apply(apply(base, { k: { o: '-' } }), rebased)).toEqual({ k: result });
    });

    it('should rebase "O" over "O" key by key', () => {
      const base = { o: { a: 'x', b: 1 } };
      expect(mergeTargets(base, { o: { a: 'xl', b: 1 } }, { o: { a: 'xr', b: 2 } })).toEqual({
        o: { a: 'xrl', b: 2 },
      });
    });

    it('should rebase "L" over "L" with local inserts first at a shared place', () => {
      const policy: Policy = { l: { otype: 'list' } };
      const base = { l: ['a', 'b'] };
      expect(mergeTargets(base, { l: ['a', 'L', 'b'] }, { l: ['a', 'R', 'b'] }, policy)).toEqual({
        l: ['a', 'L', 'R', 'b'],
      });
    });

    it('should rebase "dL" over "dL" on the lists as text', () => {
      const policy: Policy = { l: { otype: 'list_dmp' } };
      const base = { l: [1, 2, 3] };
      expect(mergeTargets(base, { l: [0, 1, 2, 3] }, { l: [1, 2, 3, 4] }, policy)).toEqual({
        l: [0, 1, 2, 3, 4],
      });
    });

    it('should let the local list win when merging list texts would break an item', () => {
      const policy: Policy = { l: { otype: 'list_dmp' } };
      const base = { l: ['ab12345678'] };
      // The local "X" would land inside the number the remote wrote: `X12345678` is not JSON.
      const local = diff(base, { l: ['abX12345678'] }, policy);
      const remote = diff(base, { l: [12345678] }, policy);
      expect(transform(local, remote, base)).toEqual({ l: { o: 'r', v: ['abX12345678'] } });
    });

    it('should drop a "d" whose patch changes nothing on the remote text', () => {
      expect(
        transform({ s: { o: 'd', v: '=3' } }, { s: { o: 'd', v: '-1\t=2' } }, { s: 'abc' }),
      ).toEqual({});
    });

    it('should keep "I" over "I": increments commute', () => {
      const local: ObjectDiff = { n: { o: 'I', v: 2 } };
      expect(transform(local, { n: { o: 'I', v: 5 } }, { n: 1 })).toEqual(local);
      expect(merge({ n: 1 }, local, { n: { o: 'I', v: 5 } })).toEqual({ n: 8 });
    });

    it.each<[string, ObjectDiff, ObjectDiff]>([
      ['"r" over "d"', { k: { o: 'r', v: 1 } }, { k: { o: 'd', v: '=1\t+y' } }],
      ['"r" over "-"', { k: { o: 'r', v: 1 } }, { k: { o: '-' } }],
      ['"-" over "O"', { k: { o: '-' } }, { k: { o: 'O', v: {} } }],
      ['"-" over "r"', { k: { o: '-' } }, { k: { o: 'r', v: 2 } }],
      ['"+" over "r"', { k: { o: '+', v: 3 } }, { k: { o: 'r', v: 2 } }],
      ['"d" over "O"', { k: { o: 'd', v: '=1' } }, { k: { o: 'O', v: {} } }],
    ])('should keep the local operation unchanged for %s', (_name, local, remote) => {
      expect(transform(local, remote, { k: 'x' })).toEqual(local);
    });
  });

  describe('over a remote replacement', () => {
    it('should merge a text edit into a replaced text', () => {
      const base = { s: 'Hello world' };
      const local = diff(base, { s: 'Hello world!' });
      expect(merge(base, local, { s: { o: 'r', v: 'Hello, world' } })).toEqual({
        s: 'Hello, world!',
      });
    });

    it('should keep an increment over a replaced number', () => {
      expect(merge({ n: 1 }, { n: { o: 'I', v: 1 } }, { n: { o: 'r', v: 10 } })).toEqual({ n: 11 });
    });

    it('should rebase nested edits over a replaced object', () => {
      const base = { o: { a: 1, b: 1 } };
      const local = diff(base, { o: { a: 2, b: 1 } });
      expect(merge(base, local, { o: { o: 'r', v: { a: 1, b: 1, c: 1 } } })).toEqual({
        o: { a: 2, b: 1, c: 1 },
      });
    });

    it('should rebase list edits over a replaced list', () => {
      const base = { l: [1, 2] };
      const local = diff(base, { l: [0, 1, 2] }, { l: { otype: 'list' } });
      expect(merge(base, local, { l: { o: 'r', v: [1, 2, 3] } })).toEqual({ l: [0, 1, 2, 3] });
    });

    it('should let the local result win when the remote changed the type', () => {
      const base = { s: 'ab' };
      const local = diff(base, { s: 'abc' });
      expect(transform(local, { s: { o: 'r', v: 7 } }, base)).toEqual({ s: { o: 'r', v: 'abc' } });
    });

    it('should keep the local operation when the replacement changed nothing', () => {
      const local: ObjectDiff = { s: { o: 'd', v: '=2\t+c' } };
      expect(transform(local, { s: { o: 'r', v: 'ab' } }, { s: 'ab' })).toEqual(local);
    });
  });

  describe('on malformed input', () => {
    it('should reject a malformed local operation with bad-operation', () => {
      expect(rejection({ k: { o: '?' } }, {}, { k: 1 }).code).toBe('bad-operation');
      expect(rejection({ k: { o: 'O', v: {} } }, { k: 5 }, { k: {} }).code).toBe('bad-operation');
      expect(rejection(null, {}, {}).code).toBe('bad-operation');
    });

    it('should reject operations that do not fit the base with bad-target', () => {
      const nested = { k: { o: 'O', v: {} } };
      expect(rejection(nested, nested, { k: 'x' }).code).toBe('bad-target');
      const list = { k: { o: 'L', v: {} } };
      expect(rejection(list, list, { k: {} }).code).toBe('bad-target');
      const text = { k: { o: 'd', v: '' } };
      expect(rejection(text, text, { k: [] }).code).toBe('bad-target');
      const listText = { k: { o: 'dL', v: '' } };
      expect(rejection(listText, listText, { k: 'x' }).code).toBe('bad-target');
      expect(rejection({}, {}, []).code).toBe('bad-target');
    });

    it('should reject a remote delta that does not fit the base text with bad-delta', () => {
      expect(
        rejection({ k: { o: 'd', v: '=1' } }, { k: { o: 'd', v: '=5' } }, { k: 'x' }).code,
      ).toBe('bad-delta');
    });
  });

  it('should merge edits to different keys so that both survive (property)', () => {
    const local = ['l1', 'l2', 'l3'];
    const remote = ['r1', 'r2', 'r3'];
    const part = (keys: string[]) =>
      fc.record(Object.fromEntries(keys.map((k) => [k, jsonValue()])), { requiredKeys: [] });
    fc.assert(
      fc.property(
        part([...local, ...remote, 's']),
        part(local),
        part(remote),
        (base, mine, theirs) => {
          const b = base as JsonObject;
          const localTarget = { ...without(b, local), ...(mine as JsonObject) };
          const remoteTarget = { ...without(b, remote), ...(theirs as JsonObject) };
          const expected = {
            ...without(b, [...local, ...remote]),
            ...(mine as JsonObject),
            ...(theirs as JsonObject),
          };
          expect(deepEqual(mergeTargets(b, localTarget, remoteTarget), expected)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should merge concurrent edits of one string into well-formed text, both ways (property)', () => {
    fc.assert(
      fc.property(textTriple(), ([base, mine, theirs]) => {
        const b = { t: base };
        for (const [first, second] of [
          [mine, theirs],
          [theirs, mine],
        ] as const) {
          const merged = mergeTargets(b, { t: first }, { t: second })['t'];
          expect(typeof merged).toBe('string');
          expect(hasLoneSurrogate(merged as string)).toBe(false);
          if (second === base) expect(merged).toBe(first);
          if (first === base) expect(merged).toBe(second);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should give a diff that applies after the remote one, for any two edits (property)', () => {
    fc.assert(
      fc.property(jsonObject(), jsonObject(), jsonObject(), (base, mine, theirs) => {
        const merged = mergeTargets(base, mine, theirs);
        if (deepEqual(theirs, base)) expect(deepEqual(merged, mine)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('should merge list edits whatever they are, under list policies (property)', () => {
    const list = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 8 });
    const policy = fc.constantFrom<Policy>(
      { l: { otype: 'list' } },
      { l: { otype: 'list', item: { otype: 'integer' } } },
      { l: { otype: 'list_dmp' } },
    );
    fc.assert(
      fc.property(list, list, list, policy, (base, mine, theirs, p) => {
        const merged = mergeTargets({ l: base }, { l: mine }, { l: theirs }, p);
        expect(Array.isArray(merged['l'])).toBe(true);
        if (deepEqual(theirs, base)) expect(merged).toEqual({ l: mine });
        if (deepEqual(mine, base)) expect(merged).toEqual({ l: theirs });
      }),
      { numRuns: 500 },
    );
  });
});

describe('transformAll', () => {
  it('should rebase over a sequence of remote diffs, advancing the base', () => {
    const v1 = { title: 'abc', n: 1, tags: 'x' };
    const v2 = { title: 'abcd', n: 1, tags: 'x' };
    const v3 = { title: 'Zabcd', n: 2, tags: 'x' };
    const local = diff(v1, { title: 'abc!', n: 1, tags: 'xy' });
    const rebased = transformAll(local, [diff(v1, v2), diff(v2, v3)], v1);
    expect(apply(v3, rebased)).toEqual({ title: 'Zabcd!', n: 2, tags: 'xy' });
  });

  it('should return the local diff when there is nothing to rebase over', () => {
    const local: ObjectDiff = { a: { o: '-' } };
    expect(transformAll(local, [], { a: 1 })).toBe(local);
  });

  it('should reject a remote diff that does not fit its base', () => {
    expect(() => transformAll({}, [{ a: { o: '-' } }], {})).toThrow(JsonDiffError);
  });
});
