import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WAL_CHECKPOINT_PAGES, openDatabase } from '../../../lib/server/storage/schema';

describe('openDatabase', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'schema-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const settings = (path: string) => {
    const db = openDatabase(path);
    try {
      return {
        journal: db.pragma('journal_mode', { simple: true }),
        synchronous: db.pragma('synchronous', { simple: true }),
        tempStore: db.pragma('temp_store', { simple: true }),
        checkpoint: db.pragma('wal_autocheckpoint', { simple: true }),
      };
    } finally {
      db.close();
    }
  };

  it('should run a file database in WAL mode, synchronous NORMAL, checkpointing every 8,000 pages', () => {
    expect(settings(join(dir, 'file.sqlite'))).toEqual({
      journal: 'wal',
      synchronous: 1,
      tempStore: 2,
      checkpoint: WAL_CHECKPOINT_PAGES,
    });
    expect(WAL_CHECKPOINT_PAGES).toBe(8_000);
  });

  it('should keep savepoint journals in memory for an in-memory database too', () => {
    expect(settings(':memory:')).toMatchObject({ journal: 'memory', tempStore: 2 });
  });

  it('should create every table, and open an existing database again', () => {
    const path = join(dir, 'again.sqlite');
    openDatabase(path).close();
    const db = openDatabase(path);
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    db.close();
    expect(tables).toEqual([
      'apps',
      'buckets',
      'changes',
      'meta',
      'objects',
      'shares',
      'tokens',
      'users',
      'versions',
    ]);
  });
});
