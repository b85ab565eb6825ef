import fc from 'fast-check';
import { DocumentTable, type Held } from '../../lib/live/document-table';

const held = (text: string, version: number): Held => ({ data: { text }, version });

describe('DocumentTable', () => {
  it('should read, iterate and size its documents and versions like two Maps', () => {
    const table = DocumentTable.of([
      ['a', held('a1', 1)],
      ['b', held('b3', 3)],
    ]).with([
      ['c', held('c1', 1)],
      ['a', undefined],
    ]);
    expect(table.size).toBe(2);
    expect(table.get('a')).toBeUndefined();
    expect(table.has('a')).toBe(false);
    expect(table.get('b')).toEqual(held('b3', 3));
    expect(table.documents.get('c')).toEqual({ text: 'c1' });
    expect(table.versions.get('b')).toBe(3);
    expect(table.versions.has('a')).toBe(false);
    expect(table.documents.size).toBe(2);
    expect([...table.versions]).toEqual([
      ['b', 3],
      ['c', 1],
    ]);
    expect([...table.documents.keys()]).toEqual(['b', 'c']);
    const seen: string[] = [];
    table.versions.forEach((v, k, map) => seen.push(`${k}=${v}:${map === table.versions}`));
    expect(seen).toEqual(['b=3:true', 'c=1:true']);
  });

  it('should leave the table it was made from unchanged, and return itself for no change', () => {
    const before = DocumentTable.of([['a', held('x', 1)]]);
    const after = before.with([['a', held('y', 2)]]);
    expect(before.get('a')).toEqual(held('x', 1));
    expect(after.get('a')).toEqual(held('y', 2));
    expect(before.with([['zz', undefined]])).toBe(before);
    expect(before.with([])).toBe(before);
  });

  it('should keep the same column maps for as long as it is the same table', () => {
    const table = DocumentTable.of([['a', held('x', 1)]]);
    expect(table.documents).toBe(table.documents);
    expect(table.with([])).toBe(table);
    expect(table.with([['b', held('y', 1)]]).versions).not.toBe(table.versions);
  });

  it('should keep each id in its place when its overlay is folded into a new base', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id${i}`);
    let table = DocumentTable.of(ids.map((id) => [id, held(id, 1)]));
    // Enough edits of existing ids, one removal and one creation to fold more than once.
    for (let round = 2; round < 6; round += 1) {
      table = table.with(ids.map((id) => [id, held(`${id}@${round}`, round)]));
    }
    table = table.with([
      ['id0', undefined],
      ['new', held('new', 1)],
    ]);
    expect([...table.documents.keys()]).toEqual([...ids.slice(1), 'new']);
    expect(table.get('id7')).toEqual(held('id7@5', 5));
  });

  it('should agree with a Map over any sequence of changes, across overlay folds', () => {
    const key = fc.integer({ min: 0, max: 300 }).map(String);
    const change = fc.tuple(key, fc.option(fc.nat({ max: 2 ** 40 }), { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 40 }), { maxLength: 60 }), (batches) => {
        const model = new Map<string, Held>();
        let table = DocumentTable.empty();
        const tables: Array<[DocumentTable, Map<string, Held>]> = [];
        for (const batch of batches) {
          const entries = batch.map(([k, v]): [string, Held | undefined] => [
            k,
            v === undefined ? undefined : held(`${k}:${v}`, v),
          ]);
          table = table.with(entries);
          for (const [k, h] of entries) {
            if (h === undefined) model.delete(k);
            else model.set(k, h);
          }
          tables.push([table, new Map(model)]);
        }
        for (const [version, expected] of tables) {
          expect(version.size).toBe(expected.size);
          expect(new Map(version.entries())).toEqual(expected);
          expect(new Map(version.versions)).toEqual(
            new Map([...expected].map(([k, h]) => [k, h.version])),
          );
          for (const k of ['0', '7', '299']) {
            expect(version.get(k)).toEqual(expected.get(k));
            expect(version.documents.get(k)).toEqual(expected.get(k)?.data);
          }
        }
      }),
    );
  });
});
