import type { JsonObject } from '../../../lib/jsondiff/types';
import { applyChangeBatch } from '../../../lib/server/domain/change-batch';
import { ZERO_CV } from '../../../lib/server/domain/cv';
import { openStorage, type Storage } from '../../../lib/server/storage';

const OWNER = 'a'.repeat(32);
const scope = { app: 'app', bucket: 'bucket', reader: OWNER, clientid: 'batch' };

describe('applyChangeBatch', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openStorage(':memory:');
  });
  afterEach(() => storage.close());

  const run = (changes: JsonObject[]) => applyChangeBatch(storage, scope, changes).results;
  const history = () => [...storage.changes.forUser('app', 'bucket', OWNER, ZERO_CV, 100)];
  const set = (id: string, n: number, ccid: string): JsonObject => ({
    id,
    o: 'M',
    v: { n: { o: 'r', v: n } },
    ccid,
  });

  it('should refuse malformed fields with 400 and keep going', () => {
    const results = run([
      { id: 'a', o: 'M', v: [], ccid: 'c1' },
      { id: 'a', o: 'M', d: 'text', ccid: 'c2' },
      { id: 'a', o: 'M', v: {}, ccid: 7 },
      { id: 'a', o: 'M', v: {}, ccid: '' },
      { id: 'a', o: 'M', v: {}, sv: -1, ccid: 'c5' },
      { id: 'a', o: 'M', v: {}, sv: 1.5, ccid: 'c6' },
      { id: 3, o: 'M', v: {}, ccid: 'c7' },
      { o: '-', ccid: 'c8' },
      set('a', 1, 'c9'),
    ]);
    expect(results.map((r) => ('error' in r ? r.error : r.ev))).toEqual([
      400, 400, 400, 400, 400, 400, 400, 400, 1,
    ]);
    expect(results[2]).toEqual({ id: 'a', ccids: [], clientid: 'batch', error: 400 });
    expect(results[6]).toEqual({ id: '', ccids: ['c7'], clientid: 'batch', error: 400 });
    expect(history()).toHaveLength(1);
  });

  it('should treat M without v or d as an empty change', () => {
    const results = run([
      { id: 'e', o: 'M', ccid: 'c1' },
      { id: 'e', o: 'M', ccid: 'c2' },
    ]);
    expect(results.map((r) => ('error' in r ? r.error : r.ev))).toEqual([1, 412]);
    expect(storage.objects.head({ ...scope, owner: OWNER, objectId: 'e' })?.data).toEqual({});
  });

  it('should keep nothing of the batch when a change fails for an unexpected reason', () => {
    run([set('a', 1, 'c0')]);
    const write = storage.objects.write.bind(storage.objects);
    let writes = 0;
    storage.objects.write = (...args) => {
      writes += 1;
      if (writes === 3) throw new Error('disk full');
      return write(...args);
    };
    expect(() => run([set('a', 2, 'c1'), set('b', 1, 'c2'), set('c', 1, 'c3')])).toThrow(
      'disk full',
    );
    expect(history().map((c) => [c.objectId, c.ev])).toEqual([['a', 1]]);
    expect(storage.objects.head({ ...scope, owner: OWNER, objectId: 'b' })).toBeUndefined();
  });

  it('should hand back the committed changes with their diff and data as stored text', () => {
    const { committed } = applyChangeBatch(storage, scope, [
      set('a', 1, 'c1'),
      { id: 'a', o: 'M', v: {}, ccid: 'c2' },
      { id: 'a', o: '-', ccid: 'c3' },
    ]);
    expect(committed.map((c) => [c.op, c.ev, c.diffText, c.dataText])).toEqual([
      ['M', 1, '{"n":{"o":"+","v":1}}', '{"n":1}'],
      ['-', 2, null, null],
    ]);
    expect(committed.map((c) => c.cv)).toEqual(history().map((c) => c.cv));
  });
});
