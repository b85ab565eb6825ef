/**
 * Every row of a local server's SQLite file, read through a second, read-only connection: what
 * the server has stored, to compare before and after requests. The server runs its file database
 * in WAL mode, so this reader sees each committed transaction and never blocks the server.
 */
import Database from 'better-sqlite3';

/** Every table of the server's schema. */
export const TABLES = [
  'meta',
  'apps',
  'buckets',
  'users',
  'tokens',
  'objects',
  'versions',
  'changes',
  'shares',
] as const;

/** Each table's rows by table name, in a stable order (sorted by their JSON form). */
export type DbSnapshot = Readonly<Record<string, ReadonlyArray<string>>>;

export interface DbReader {
  snapshot(): DbSnapshot;
  close(): void;
}

/** Opens the database at `file` read-only. */
export const openDbReader = (file: string): DbReader => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const statements = TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table}`)] as const);
  return {
    snapshot: () =>
      Object.fromEntries(
        statements.map(([table, statement]) => [
          table,
          statement
            .all()
            .map((row) => JSON.stringify(row))
            .sort(),
        ]),
      ),
    close: () => db.close(),
  };
};
