import fc from 'fast-check';
import { PersistentMap } from '../../lib/live/persistent-map';

describe('PersistentMap', () => {
  it('should read, iterate and size like the Map it stands for', () => {
    const m = PersistentMap.of([
      ['a', 1],
      ['b', 2],
    ]).with([
      ['c', 3],
      ['a', undefined],
    ]);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBeUndefined();
    expect(m.has('a')).toBe(false);
    expect(m.get('c')).toBe(3);
    expect([...m]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect([...m.keys()]).toEqual(['b', 'c']);
    expect([...m.values()]).toEqual([2, 3]);
    const seen: string[] = [];
    m.forEach((v, k, map) => seen.push(`${k}=${v}:${map === m}`));
    expect(seen).toEqual(['b=2:true', 'c=3:true']);
  });

  it('should leave the version it was made from unchanged, and return itself for no change', () => {
    const before = PersistentMap.of([['a', 1]]);
    const after = before.with([['a', 2]]);
    expect(before.get('a')).toBe(1);
    expect(after.get('a')).toBe(2);
    expect(before.with([['zz', undefined]])).toBe(before);
    expect(before.with([])).toBe(before);
  });

  it('should agree with a Map over any sequence of changes, across overlay folds', () => {
    const key = fc.integer({ min: 0, max: 300 }).map(String);
    const change = fc.tuple(key, fc.option(fc.integer(), { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 40 }), { maxLength: 60 }), (batches) => {
        const model = new Map<string, number>();
        let m = PersistentMap.empty<string, number>();
        const versions: Array<[PersistentMap<string, number>, Map<string, number>]> = [];
        for (const batch of batches) {
          m = m.with(batch);
          for (const [k, v] of batch) {
            if (v === undefined) model.delete(k);
            else model.set(k, v);
          }
          versions.push([m, new Map(model)]);
        }
        for (const [version, expected] of versions) {
          expect(version.size).toBe(expected.size);
          expect(new Map(version)).toEqual(expected);
          for (const k of ['0', '7', '299']) expect(version.get(k)).toBe(expected.get(k));
        }
      }),
    );
  });
});
