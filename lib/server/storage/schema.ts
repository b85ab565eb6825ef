/**
 * Opens the SQLite database and creates the schema. A file database runs in WAL mode; every
 * table is keyed so that the hot queries are index range scans:
 *
 * - `changes` is clustered by (app, bucket, cv): "changes since cv" reads a contiguous range;
 *   (app, bucket, owner, cv) serves one user's feed, (…, object_id, cv) a shared object's.
 * - `objects` holds each object's head; `versions` every version's data.
 * - `meta` keeps the newest cv ever issued, so cvs stay monotonic across restarts.
 *
 * Durability: WAL with `synchronous = NORMAL`: a commit survives a crash of the process; the
 * commits since the last checkpoint may be lost to a power loss or an OS crash, never the
 * database's consistency.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS apps (
  id TEXT PRIMARY KEY, api_key TEXT NOT NULL, admin_key TEXT NOT NULL, created INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS buckets (app TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (app, name))
  WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, app TEXT NOT NULL, username TEXT NOT NULL COLLATE NOCASE,
  salt TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (app, username)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY, app TEXT NOT NULL, user_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user_id);
CREATE TABLE IF NOT EXISTS objects (
  app TEXT NOT NULL, bucket TEXT NOT NULL, owner TEXT NOT NULL, object_id TEXT NOT NULL,
  version INTEGER NOT NULL, data TEXT, modified_cv TEXT NOT NULL,
  PRIMARY KEY (app, bucket, owner, object_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_modified ON objects (app, bucket, owner, modified_cv);
CREATE TABLE IF NOT EXISTS versions (
  app TEXT NOT NULL, bucket TEXT NOT NULL, owner TEXT NOT NULL, object_id TEXT NOT NULL,
  version INTEGER NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (app, bucket, owner, object_id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
  app TEXT NOT NULL, bucket TEXT NOT NULL, cv TEXT NOT NULL,
  owner TEXT NOT NULL, object_id TEXT NOT NULL, op TEXT NOT NULL,
  sv INTEGER, ev INTEGER NOT NULL, diff TEXT, ccid TEXT, clientid TEXT NOT NULL,
  author TEXT NOT NULL, audience TEXT,
  PRIMARY KEY (app, bucket, cv)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS changes_by_owner ON changes (app, bucket, owner, cv);
CREATE INDEX IF NOT EXISTS changes_by_object ON changes (app, bucket, owner, object_id, cv);
CREATE INDEX IF NOT EXISTS changes_by_ccid ON changes (ccid) WHERE ccid IS NOT NULL;
CREATE INDEX IF NOT EXISTS changes_by_audience ON changes (app, bucket, audience, cv)
  WHERE audience IS NOT NULL;
CREATE TABLE IF NOT EXISTS shares (
  app TEXT NOT NULL, bucket TEXT NOT NULL, owner TEXT NOT NULL, object_id TEXT NOT NULL,
  target TEXT NOT NULL, write_access INTEGER NOT NULL, cv TEXT NOT NULL,
  PRIMARY KEY (app, bucket, owner, object_id, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS shares_by_target ON shares (app, bucket, target);
`;

/**
 * WAL pages between automatic checkpoints (SQLite's default is 1,000). A checkpoint copies every
 * page in the WAL to the database and syncs both files; a batch of 100 changes dirties a few
 * hundred pages, so at the default one runs every few commits and copies the same hot pages
 * again each time. At 8,000 a batched commit costs about 40 % less. The price: the WAL file grows
 * to about 32 MiB, and the commits a power loss can take (those since the last checkpoint) may
 * add up to 8,000 pages instead of 1,000. The guarantees stay those of WAL with
 * `synchronous = NORMAL`.
 */
export const WAL_CHECKPOINT_PAGES = 8_000;

/** What `startServer` says when better-sqlite3, an optional peer dependency, is not installed. */
export const MISSING_SQLITE =
  'the local server needs better-sqlite3: npm install better-sqlite3@12';

/**
 * Loads better-sqlite3 on first use, so that importing the server (its types, `--help`) works
 * without it, and starting it without it fails with one clear message.
 */
const loadSqlite = (): typeof Database => {
  try {
    // A synchronous load on demand: an `import` would fail as the module loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('better-sqlite3') as typeof Database;
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'MODULE_NOT_FOUND') {
      throw new Error(MISSING_SQLITE, { cause });
    }
    throw cause;
  }
};

/**
 * Opens (creating if needed) the database at `path` (`':memory:'` for a private in-memory one)
 * and makes sure the schema exists.
 */
export const openDatabase = (path: string): Database.Database => {
  const Sqlite = loadSqlite();
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !existsSync(dirname(resolve(path)))) {
    throw new Error(
      `cannot open the database ${path}: the folder ${dirname(resolve(path))} does not exist`,
    );
  }
  const db = new Sqlite(path);
  if (!inMemory) {
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  }
  db.pragma('synchronous = NORMAL');
  // Savepoints (one per change of a batch) journal the pages they touch in a sub-journal, by
  // default a temporary file: keep it in memory. Crash safety does not depend on it.
  db.pragma('temp_store = MEMORY');
  db.exec(SCHEMA);
  return db;
};
