import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../../../lib/server/storage';

describe('openStorage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simperium-storage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = (cv: string) => ({
    app: 'app',
    bucket: 'notes',
    owner: 'u1',
    objectId: `o-${cv}`,
    cv,
    op: 'M' as const,
    sv: null,
    ev: 1,
    diff: {},
    ccid: null,
    clientid: 'test',
    author: 'u1',
    audience: null,
  });

  it('should issue cvs after the newest logged change when the last run stopped uncleanly', () => {
    const path = join(dir, 'db.sqlite');
    const first = openStorage(path);
    const issued = [first.nextCv(), first.nextCv(), first.nextCv()];
    first.transaction(() => issued.forEach((cv) => first.changes.append(record(cv))));
    // No close(): the checkpoint of the newest cv is never written, as after a crash.

    const second = openStorage(path);
    try {
      const next = second.nextCv();
      expect(issued.every((cv) => next > cv)).toBe(true);
    } finally {
      second.close();
    }
  });
});

describe('AppStore.touchBucket', () => {
  it('should record a bucket again after a transaction that recorded it was rolled back', () => {
    const storage = openStorage(':memory:');
    try {
      expect(() =>
        storage.transaction(() => {
          storage.apps.touchBucket('app', 'notes');
          throw new Error('the write failed');
        }),
      ).toThrow('the write failed');
      expect(storage.apps.buckets('app')).toEqual([]);
      storage.transaction(() => storage.apps.touchBucket('app', 'notes'));
      expect(storage.apps.buckets('app')).toEqual(['notes']);
    } finally {
      storage.close();
    }
  });

  it('#11 should write a committed bucket record once, and forget records a rolled-back savepoint may undo', () => {
    const storage = openStorage(':memory:');
    try {
      const insert = jest.spyOn(
        (storage.apps as unknown as { insertBucket: { run: () => unknown } }).insertBucket,
        'run',
      );
      storage.transaction(() => storage.apps.touchBucket('app', 'notes'));
      storage.transaction(() => storage.apps.touchBucket('app', 'notes'));
      expect(insert).toHaveBeenCalledTimes(1);
      storage.transaction(() => {
        expect(() =>
          storage.transaction(() => {
            storage.apps.touchBucket('app', 'inner');
            throw new Error('undone');
          }),
        ).toThrow('undone');
      });
      expect(storage.apps.buckets('app')).toEqual(['notes']);
      storage.transaction(() => storage.apps.touchBucket('app', 'inner'));
      expect(storage.apps.buckets('app')).toEqual(['inner', 'notes']);
    } finally {
      storage.close();
    }
  });
});
