/**
 * Applications and their buckets. App keys are kept as given: the server must be able to list
 * them back to whoever starts it (the command line prints the demo app's keys).
 */
import type Database from 'better-sqlite3';
import type { AppCredentials } from '../types';
import { randomHex } from '../domain/tokens';

interface AppRow {
  id: string;
  api_key: string;
  admin_key: string;
}

const toCredentials = (row: AppRow): AppCredentials => ({
  id: row.id,
  apiKey: row.api_key,
  adminKey: row.admin_key,
});

export class AppStore {
  private readonly upsertApp;
  private readonly selectAll;
  private readonly selectOne;
  private readonly insertBucket;
  private readonly selectBuckets;
  constructor(db: Database.Database) {
    this.upsertApp = db.prepare<[string, string, string, number]>(
      `INSERT INTO apps (id, api_key, admin_key, created) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET api_key = excluded.api_key, admin_key = excluded.admin_key`,
    );
    this.selectAll = db.prepare<[], AppRow>('SELECT * FROM apps ORDER BY created, id');
    this.selectOne = db.prepare<[string], AppRow>('SELECT * FROM apps WHERE id = ?');
    this.insertBucket = db.prepare<[string, string]>(
      'INSERT OR IGNORE INTO buckets (app, name) VALUES (?, ?)',
    );
    this.selectBuckets = db
      .prepare<[string], string>('SELECT name FROM buckets WHERE app = ? ORDER BY name')
      .pluck();
  }

  /** Adds the app or replaces its keys. The id is stored in lower case. */
  upsert(app: AppCredentials): AppCredentials {
    const normalised = { ...app, id: app.id.toLowerCase() };
    this.upsertApp.run(normalised.id, normalised.apiKey, normalised.adminKey, Date.now());
    return normalised;
  }

  /** Creates an app with a random id and keys. */
  createDemo(): AppCredentials {
    return this.upsert({
      id: `demo-${randomHex().slice(0, 8)}`,
      apiKey: randomHex(),
      adminKey: randomHex(),
    });
  }

  list(): AppCredentials[] {
    return this.selectAll.all().map(toCredentials);
  }

  find(id: string): AppCredentials | undefined {
    const row = this.selectOne.get(id);
    return row && toCredentials(row);
  }

  /** Buckets known to be recorded (committed), as `app\0bucket`. */
  private readonly recorded = new Set<string>();
  /** Buckets recorded by the transaction under way, known once it commits. */
  private pending: string[] = [];

  /**
   * Records that `bucket` has data (buckets exist once written to), in the caller's transaction,
   * so a rolled-back write leaves no trace. A bucket whose record is committed is not written
   * again: `settle` learns, after each transaction, which records were committed.
   */
  touchBucket(app: string, bucket: string): void {
    const key = `${app}\u0000${bucket}`;
    if (this.recorded.has(key)) return;
    this.insertBucket.run(app, bucket);
    this.pending.push(key);
  }

  /** Called by the storage when its outermost transaction ends, committed or rolled back. */
  settle(committed: boolean): void {
    if (committed) for (const key of this.pending) this.recorded.add(key);
    this.pending = [];
  }

  buckets(app: string): string[] {
    return this.selectBuckets.all(app);
  }
}
