import type { JsonObject, ObjectDiff } from '../../../lib/jsondiff/types';
import {
  ChangeRejected,
  applyChange,
  type ChangeRequest,
  type Edit,
  type Rejection,
} from '../../../lib/server/domain/apply-change';
import { ZERO_CV } from '../../../lib/server/domain/cv';
import { openStorage, type Storage } from '../../../lib/server/storage';

const OWNER = 'a'.repeat(32);
const ref = { app: 'app', bucket: 'bucket', owner: OWNER, objectId: 'doc' };
const access = { ref, reader: OWNER, isOwner: true, canWrite: true };

describe('applyChange', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openStorage(':memory:');
  });
  afterEach(() => storage.close());

  const change = (edit: Edit, more: Partial<ChangeRequest> = {}) =>
    applyChange(storage, access, { edit, clientid: 'spec', ...more });
  const merge = (data: JsonObject, more: Partial<ChangeRequest> = {}) =>
    change({ kind: 'merge', data }, more);
  const rejection = (run: () => unknown): [Rejection, number | undefined] | undefined => {
    try {
      run();
    } catch (err) {
      if (err instanceof ChangeRejected) return [err.reason, err.currentVersion];
      throw err;
    }
    return undefined;
  };
  const history = () => [...storage.changes.forUser('app', 'bucket', OWNER, ZERO_CV, 100)];

  it('should record a creation without sv and an edit with the version it was applied to', () => {
    const created = change({ kind: 'diff', diff: { a: { o: '+', v: 'x' } } }, { ccid: 'c1' });
    expect(created.data).toEqual({ a: 'x' });
    expect(created.record).toMatchObject({ op: 'M', sv: null, ev: 1, ccid: 'c1', author: OWNER });
    const edited = merge({ b: 1 });
    expect(edited.data).toEqual({ a: 'x', b: 1 });
    expect(edited.record).toMatchObject({ sv: 1, ev: 2, diff: { b: { o: '+', v: 1 } } });
    expect(history().map((c) => c.cv)).toEqual([created.record.cv, edited.record.cv]);
  });

  it('should replace the whole object, and delete it leaving a tombstone version', () => {
    merge({ a: 1, b: 2 });
    expect(change({ kind: 'replace', data: { c: 3 } }).data).toEqual({ c: 3 });
    const deleted = change({ kind: 'delete' }, { baseVersion: 2 });
    expect(deleted.data).toBeNull();
    expect(deleted.record).toMatchObject({ op: '-', sv: 2, ev: 3, diff: null });
    expect(storage.objects.head(ref)).toMatchObject({ version: 3, data: null });
    expect(merge({ d: 4 }).record).toMatchObject({ sv: null, ev: 4 });
  });

  it('should rebase a diff made against an older version over the changes since', () => {
    merge({ a: 'b' });
    merge({ a: 'bc' });
    const rebased = change(
      { kind: 'diff', diff: { a: { o: 'd', v: '=1\t+d' } } },
      { baseVersion: 1 },
    );
    expect(rebased.data).toEqual({ a: 'bcd' });
    expect(rebased.record).toMatchObject({ sv: 2, ev: 3 });
  });

  it('should read the base version and those since in one query for a rebase', () => {
    merge({ a: 'b' });
    merge({ a: 'bc' });
    merge({ n: 1 });
    const one = jest.spyOn(storage.objects, 'version');
    const range = jest.spyOn(storage.objects, 'versionsFrom');
    const rebased = change({ kind: 'merge', data: { a: 'xb' } }, { baseVersion: 1 });
    expect(rebased.data).toEqual({ a: 'xbc', n: 1 });
    expect([one.mock.calls.length, range.mock.calls.length]).toEqual([0, 1]);
  });

  it('should refuse each kind of bad change with its reason and the current version', () => {
    merge({ n: 1, s: 'ab' }, { ccid: 'used' });
    expect(rejection(() => merge({ n: 2 }, { ccid: 'used' }))).toEqual(['duplicate', undefined]);
    expect(rejection(() => merge({ n: 1 }))).toEqual(['empty', 1]);
    expect(rejection(() => merge({ n: 2 }, { baseVersion: 2 }))).toEqual(['bad-version', 1]);
    expect(rejection(() => merge({ n: 2 }, { baseVersion: 0 }))).toEqual(['bad-version', 1]);
    expect(rejection(() => change({ kind: 'delete' }, { baseVersion: 0 }))).toEqual([
      'bad-version',
      1,
    ]);
    const malformed = { s: { o: 'nope' } } as unknown as ObjectDiff;
    expect(rejection(() => change({ kind: 'diff', diff: malformed }))).toEqual([
      'bad-diff',
      undefined,
    ]);
    expect(rejection(() => change({ kind: 'diff', diff: { s: { o: 'I', v: 1 } } }))).toEqual([
      'unappliable',
      undefined,
    ]);
    expect(rejection(() => change({ kind: 'diff', diff: { s: { o: 'd', v: '=7' } } }))).toEqual([
      'unappliable',
      undefined,
    ]);
    expect(history()).toHaveLength(1);
    expect(storage.objects.head(ref)?.version).toBe(1);
  });

  it('should refuse a deletion of a missing or deleted object, and a based edit of either', () => {
    expect(rejection(() => change({ kind: 'delete' }))).toEqual(['missing', undefined]);
    expect(rejection(() => merge({ a: 1 }, { baseVersion: 1 }))).toEqual(['missing', undefined]);
    merge({ a: 1 });
    change({ kind: 'delete' });
    expect(rejection(() => change({ kind: 'delete' }))).toEqual(['deleted', 2]);
    expect(rejection(() => merge({ a: 2 }, { baseVersion: 2 }))).toEqual(['missing', 2]);
  });

  it('should roll back its own writes when it fails after writing, inside a batch too', () => {
    merge({ a: 1 });
    const append = storage.changes.append.bind(storage.changes);
    storage.changes.append = () => {
      throw new Error('disk full');
    };
    const kept = storage.transaction(() => {
      expect(() => merge({ a: 2 })).toThrow('disk full');
      storage.changes.append = append;
      return merge({ b: 1 });
    });
    expect(kept.record).toMatchObject({ sv: 1, ev: 2 });
    expect(storage.objects.head(ref)?.data).toEqual({ a: 1, b: 1 });
    expect(storage.objects.version(ref, 2)).toEqual({ a: 1, b: 1 });
    expect(history().map((c) => c.ev)).toEqual([1, 2]);
  });
});
