import fc from 'fast-check';
import {
  apply,
  JsonDiffError,
  type JsonArray,
  type JsonValue,
  type ListDiff,
  type Operation,
} from '../../lib/jsondiff';
import { transformList, type ItemTransform } from '../../lib/jsondiff/list-transform';

/** Records the item transforms asked for and answers with a marker operation. */
const marker: ItemTransform = (mine, theirs) => ({ o: 'r', v: `${mine.o}/${theirs.o}` });

const applyList = (list: JsonArray, d: ListDiff): JsonValue =>
  apply({ l: list }, { l: { o: 'L', v: d } })['l'] as JsonValue;

const merged = (base: JsonArray, mine: ListDiff, theirs: ListDiff): JsonValue =>
  applyList(applyList(base, theirs) as JsonArray, transformList(mine, theirs, base, ['l'], marker));

/**
 * A list diff of 0..n-1 that removes the items `keep` marks false and inserts strings before
 * the base items named in `inserts`, with the list it gives.
 */
const editOf = (prefix: string, n: number, keep: boolean[], inserts: number[]) => {
  const diff: Record<string, Operation> = {};
  const result: JsonArray = [];
  let removed = 0;
  for (let g = 0; g <= n; g++) {
    inserts.forEach((at, k) => {
      if (at % (n + 1) !== g) return;
      const v = `${prefix}${k}`;
      diff[String(result.length + removed)] = { o: '+', v };
      result.push(v);
    });
    if (g === n) break;
    if (keep[g] === false) {
      diff[String(result.length + removed)] = { o: '-' };
      removed++;
    } else {
      result.push(g);
    }
  }
  return { diff: diff as ListDiff, result };
};

describe('transformList', () => {
  it('should put local inserts first where both sides insert', () => {
    const base = [1, 2];
    expect(merged(base, { '1': { o: '+', v: 'L' } }, { '1': { o: '+', v: 'R' } })).toEqual([
      1,
      'L',
      'R',
      2,
    ]);
    expect(merged(base, { '2': { o: '+', v: 'L' } }, { '2': { o: '+', v: 'R' } })).toEqual([
      1,
      2,
      'L',
      'R',
    ]);
  });

  it('should shift local operations past remote inserts and removals', () => {
    const base = ['a', 'b', 'c', 'd'];
    const mine: ListDiff = { '2': { o: 'r', v: 'C' }, '3': { o: '-' } };
    const theirs: ListDiff = { '0': { o: '-' }, '2': { o: '+', v: 'x' } };
    expect(merged(base, mine, theirs)).toEqual(['b', 'x', 'C']);
  });

  it('should keep an item both removed removed, once', () => {
    expect(merged([1, 2, 3], { '1': { o: '-' } }, { '1': { o: '-' } })).toEqual([1, 3]);
  });

  it('should remove an item the local side removed even if the remote changed it', () => {
    expect(merged([1, 2, 3], { '1': { o: '-' } }, { '1': { o: 'r', v: 20 } })).toEqual([1, 3]);
  });

  it('should bring back an item the remote removed but the local side changed', () => {
    expect(merged([1, 2, 3], { '1': { o: 'I', v: 5 } }, { '1': { o: '-' } })).toEqual([1, 7, 3]);
    expect(merged([1, 2, 3], { '1': { o: 'r', v: 'r' } }, { '1': { o: '-' } })).toEqual([
      1,
      'r',
      3,
    ]);
  });

  it('should ask the item transform when both changed an item', () => {
    expect(merged([1, 2], { '1': { o: 'I', v: 1 } }, { '1': { o: 'r', v: 0 } })).toEqual([
      1,
      'I/r',
    ]);
  });

  it('should give {} when the local diff has nothing left', () => {
    expect(transformList({ '0': { o: '-' } }, { '0': { o: '-' } }, [1], [], marker)).toEqual({});
  });

  it.each<[string, ListDiff]>([
    ['a removal past the end', { '2': { o: '-' } }],
    ['an insert past the length', { '3': { o: '+', v: 0 } }],
    ['a change past the end', { '0': { o: '-' }, '2': { o: 'r', v: 0 } }],
  ])('should reject %s with bad-target', (_name, d) => {
    expect(() => transformList(d, {}, [1, 2], ['l'], marker)).toThrow(JsonDiffError);
    expect(() => transformList({}, d, [1, 2], ['l'], marker)).toThrow(/^cannot apply at \/l\//);
  });

  it("should keep both sides' surviving items in each side's order (property)", () => {
    // Base items are 0..n-1; inserted items are unique strings.
    const edit = (prefix: string) =>
      fc
        .record({
          keep: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
          inserts: fc.array(fc.nat(8), { maxLength: 4 }),
        })
        .map(({ keep, inserts }) => ({ prefix, keep, inserts }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), edit('L'), edit('R'), (n, m, t) => {
        const base = Array.from({ length: n }, (_, i) => i);
        const mine = editOf(m.prefix, n, m.keep, m.inserts);
        const theirs = editOf(t.prefix, n, t.keep, t.inserts);
        expect(applyList(base, mine.diff)).toEqual(mine.result);
        const result = merged(base, mine.diff, theirs.diff) as JsonArray;
        const survives = (v: JsonValue): boolean =>
          typeof v === 'string' || (mine.result.includes(v) && theirs.result.includes(v));
        expect(result.filter((v) => mine.result.includes(v))).toEqual(mine.result.filter(survives));
        expect(result.filter((v) => theirs.result.includes(v))).toEqual(
          theirs.result.filter(survives),
        );
        expect(result.every(survives)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
