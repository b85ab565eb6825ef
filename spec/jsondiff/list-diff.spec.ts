import fc from 'fast-check';
import {
  apply,
  deepEqual,
  type JsonArray,
  type JsonValue,
  type Operation,
} from '../../lib/jsondiff';
import { listDiff } from '../../lib/jsondiff/list-diff';

/** Items are replaced with "r" when they differ, as under a plain list policy. */
const replace = (a: JsonValue, b: JsonValue): Operation | undefined =>
  deepEqual(a, b) ? undefined : { o: 'r', v: b };

const roundTrip = (a: JsonArray, b: JsonArray): JsonValue =>
  apply({ l: a }, { l: { o: 'L', v: listDiff(a, b, replace) } })['l'] as JsonValue;

describe('listDiff', () => {
  it('should strip the common prefix and suffix, then pair positions', () => {
    expect(listDiff([1, 2, 3, 4], [1, 9, 8, 4], replace)).toEqual({
      '1': { o: 'r', v: 9 },
      '2': { o: 'r', v: 8 },
    });
  });

  it('should add extra new items at their new index', () => {
    expect(listDiff([1, 4], [1, 2, 3, 4], replace)).toEqual({
      '1': { o: '+', v: 2 },
      '2': { o: '+', v: 3 },
    });
  });

  it('should remove extra old items at their old index', () => {
    expect(listDiff([1, 2, 3, 4], [1, 4], replace)).toEqual({ '1': { o: '-' }, '2': { o: '-' } });
  });

  it('should not let the common suffix overlap the prefix ([1, 1] → [1])', () => {
    expect(listDiff([1, 1], [1], replace)).toEqual({ '1': { o: '-' } });
    expect(listDiff([1], [1, 1], replace)).toEqual({ '1': { o: '+', v: 1 } });
  });

  it('should use the shifted diff for a rotation when it is smaller', () => {
    const d = listDiff(['x', 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 'y'], replace);
    expect(d).toEqual({ '0': { o: '-' }, '6': { o: '+', v: 'y' } });
    expect(roundTrip(['x', 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 'y'])).toEqual([1, 2, 3, 4, 5, 'y']);
  });

  it('should remove trailing items in a shifted diff', () => {
    expect(roundTrip(['x', 'y', 1, 2, 3, 4, 5, 6], [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  });

  it('should give {} for equal lists', () => {
    expect(listDiff([1, [2]], [1, [2]], replace)).toEqual({});
  });

  it('should make diffs that turn a into b (property)', () => {
    const item: fc.Arbitrary<JsonValue> = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.constant<JsonValue>([1]),
    );
    const list = fc.array(item, { maxLength: 14 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        expect(roundTrip(a, b)).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });
});
