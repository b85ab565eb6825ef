/**
 * The server's storage: one SQLite database behind a handful of small stores, a cv clock kept
 * monotonic across restarts, and `transaction` to make each write atomic.
 */
import type Database from 'better-sqlite3';
import { CvClock, ZERO_CV } from '../domain/cv';
import { AppStore } from './apps';
import { ChangeLog } from './changes';
import { ObjectStore } from './objects';
import { openDatabase } from './schema';
import { ShareStore } from './shares';
import { UserStore } from './users';

export interface Storage {
  readonly apps: AppStore;
  readonly users: UserStore;
  readonly objects: ObjectStore;
  readonly changes: ChangeLog;
  readonly shares: ShareStore;
  /** A new cv, greater than every cv issued before. */
  nextCv(): string;
  /**
   * Records the newest cv issued, so that cvs stay monotonic across a restart even when the
   * changes that carried the newest ones are deleted (call it in the deleting transaction).
   */
  checkpoint(): void;
  /** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Opens the database at `path` (`':memory:'` or a file) and its stores. */
export const openStorage = (path: string): Storage => {
  const db: Database.Database = openDatabase(path);
  const readLast = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'last_cv'").pluck();
  const writeLast = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('last_cv', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  // The checkpoint is written on close and when changes are deleted; after an unclean stop the
  // change log itself may hold newer cvs, so start after whichever is greater.
  const newestLogged = db.prepare<[], string | null>('SELECT MAX(cv) FROM changes').pluck();
  const clock = new CvClock(
    [readLast.get() ?? ZERO_CV, newestLogged.get() ?? ZERO_CV].reduce((a, b) => (a > b ? a : b)),
  );
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const apps = new AppStore(db);
  let depth = 0;
  /** Runs `fn` in a transaction (a savepoint when nested); tells the app store how it ended. */
  const transaction = <T>(fn: () => T): T => {
    depth += 1;
    let committed = false;
    try {
      const result = inTransaction(fn) as T;
      committed = true;
      return result;
    } finally {
      depth -= 1;
      // A nested savepoint that rolls back may undo records: forget them all, to be safe.
      if (depth === 0 || !committed) apps.settle(committed && depth === 0);
    }
  };
  return {
    apps,
    users: new UserStore(db),
    objects: new ObjectStore(db),
    changes: new ChangeLog(db),
    shares: new ShareStore(db),
    nextCv: () => clock.next(),
    checkpoint: () => void writeLast.run(clock.last),
    transaction,
    close: () => {
      if (db.open) writeLast.run(clock.last);
      db.close();
    },
  };
};
