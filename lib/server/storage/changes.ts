/**
 * The change log: one row per recorded change, keyed by (app, bucket, cv). A change is visible
 * to the object's owner, to users the object is shared with (for changes made after the
 * share), and, when it has an `audience`, only to that user (the change that announces a new
 * share to its target).
 */
import type Database from 'better-sqlite3';
import type { ObjectDiff } from '../../jsondiff/types';
import type { ObjectRef } from './objects';

export interface ChangeRecord extends ObjectRef {
  readonly cv: string;
  readonly op: 'M' | '-';
  /** The version the change applies to; `null` for a creation. */
  readonly sv: number | null;
  readonly ev: number;
  /** The object diff (`null` for a deletion). */
  readonly diff: ObjectDiff | null;
  readonly ccid: string | null;
  readonly clientid: string;
  /** The user who made the change. */
  readonly author: string;
  /** When set, the only user who sees this change (and it is left out of `all`). */
  readonly audience: string | null;
}

/**
 * A change as read back from the log: its diff is the JSON text stored, which answers carry as it
 * is, with no parse and no new serialisation.
 */
export interface StoredChange extends Omit<ChangeRecord, 'diff'> {
  /** The object diff as JSON text (`null` for a deletion). */
  readonly diffText: string | null;
}

interface ChangeRow extends Omit<StoredChange, 'op'> {
  readonly op: string;
}

const COLUMNS = `app, bucket, cv, owner, object_id AS objectId, op, sv, ev, diff AS diffText, ccid,
  clientid, author, audience`;

/** Whether the change `c` is visible to `@user` (see the module comment). */
const VISIBLE_TO_USER = `CASE
  WHEN c.audience IS NOT NULL THEN c.audience = @user
  WHEN c.owner = @user THEN 1
  ELSE EXISTS (SELECT 1 FROM shares s WHERE s.app = c.app AND s.bucket = c.bucket
    AND s.owner = c.owner AND s.object_id = c.object_id AND s.target = @user AND s.cv < c.cv)
END`;

/**
 * A user's changes after a cv: one scan of the bucket's change log in cv order, stopping at
 * `@limit` visible changes. Long-polls ask from a recent cv, so the range is short.
 */
const FOR_USER = `SELECT ${COLUMNS} FROM changes c
  WHERE c.app = @app AND c.bucket = @bucket AND c.cv > @after AND ${VISIBLE_TO_USER}
  ORDER BY c.cv LIMIT @limit`;

/**
 * The newest cv visible to a user: the newest of their own objects' changes, of the changes
 * addressed to them, and of the changes of objects shared with them, each found by an index.
 */
const LATEST_FOR_USER = `SELECT MAX(cv) FROM (
  SELECT (SELECT cv FROM changes INDEXED BY changes_by_owner
    WHERE app = @app AND bucket = @bucket AND owner = @user AND audience IS NULL
    ORDER BY cv DESC LIMIT 1) AS cv
  UNION ALL
  SELECT (SELECT cv FROM changes WHERE app = @app AND bucket = @bucket AND audience = @user
    ORDER BY cv DESC LIMIT 1)
  UNION ALL
  SELECT MAX(c.cv) FROM shares s INDEXED BY shares_by_target
    CROSS JOIN changes c INDEXED BY changes_by_object
    ON c.app = s.app AND c.bucket = s.bucket
    AND c.owner = s.owner AND c.object_id = s.object_id AND c.cv > s.cv AND c.audience IS NULL
  WHERE s.app = @app AND s.bucket = @bucket AND s.target = @user)`;

/** Rows as stored changes, read one at a time: a caller that stops early reads no more rows. */
function* stored(rows: IterableIterator<ChangeRow>): IterableIterator<StoredChange> {
  for (const row of rows) {
    // The one field whose type the database cannot tell: rows are only ever written as M or -.
    (row as { op: string }).op = row.op === '-' ? '-' : 'M';
    yield row as StoredChange;
  }
}

export class ChangeLog {
  private readonly insert;
  private readonly selectCcid;
  private readonly selectCv;
  private readonly selectForUser;
  private readonly selectLatest;
  private readonly selectAll;
  private readonly retire;

  constructor(db: Database.Database) {
    // Positional parameters for the statements every write runs: better-sqlite3 binds them
    // without looking each name up in an object made for the call.
    this.insert = db.prepare<
      [
        app: string,
        bucket: string,
        cv: string,
        owner: string,
        objectId: string,
        op: string,
        sv: number | null,
        ev: number,
        diff: string | null,
        ccid: string | null,
        clientid: string,
        author: string,
        audience: string | null,
      ]
    >(
      `INSERT INTO changes (app, bucket, cv, owner, object_id, op, sv, ev, diff, ccid, clientid,
         author, audience)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.retire = db.prepare<ObjectRef & { target: string }>(
      `UPDATE changes SET audience = '', diff = NULL WHERE app = @app AND bucket = @bucket
         AND owner = @owner AND object_id = @objectId AND audience = @target`,
    );
    this.selectCcid = db.prepare<[string, string, string, string, string], number>(
      `SELECT 1 FROM changes WHERE app = ? AND bucket = ? AND owner = ? AND object_id = ?
         AND ccid = ? LIMIT 1`,
    );
    this.selectCv = db.prepare<[string, string, string], number>(
      'SELECT 1 FROM changes WHERE app = ? AND bucket = ? AND cv = ?',
    );
    type Visible = { app: string; bucket: string; user: string };
    this.selectForUser = db.prepare<Visible & { after: string; limit: number }, ChangeRow>(
      FOR_USER,
    );
    this.selectLatest = db.prepare<Visible, string | null>(LATEST_FOR_USER).pluck();
    this.selectAll = db.prepare<
      { app: string; bucket: string; after: string; limit: number; skip: string },
      ChangeRow
    >(
      `SELECT ${COLUMNS} FROM changes
       WHERE app = @app AND bucket = @bucket AND cv > @after AND audience IS NULL
         AND clientid NOT IN (SELECT value FROM json_each(@skip))
       ORDER BY cv LIMIT @limit`,
    );
  }

  /** Appends a change; `diffText` is its diff as JSON text when the caller already has it. */
  append(change: ChangeRecord, diffText?: string | null): void {
    this.insert.run(
      change.app,
      change.bucket,
      change.cv,
      change.owner,
      change.objectId,
      change.op,
      change.sv,
      change.ev,
      diffText !== undefined ? diffText : change.diff === null ? null : JSON.stringify(change.diff),
      change.ccid,
      change.clientid,
      change.author,
      change.audience,
    );
  }

  /**
   * Hides the changes of an object addressed to `target` (the announcements of a share that has
   * ended) from every feed, and drops their diffs. Their rows stay, so their cvs remain valid
   * cursors: the audience becomes `''`, which is no user's id.
   */
  retireAddressedTo(ref: ObjectRef, target: string): void {
    const { app, bucket, owner, objectId } = ref;
    this.retire.run({ app, bucket, owner, objectId, target });
  }

  /** Whether a change with this ccid was already recorded for the object. */
  hasCcid(ref: ObjectRef, ccid: string): boolean {
    const { app, bucket, owner, objectId } = ref;
    return this.selectCcid.get(app, bucket, owner, objectId, ccid) !== undefined;
  }

  /** Whether `cv` was issued to a change of this bucket. */
  issued(app: string, bucket: string, cv: string): boolean {
    return this.selectCv.get(app, bucket, cv) !== undefined;
  }

  /**
   * Up to `limit` changes visible to `user` after `after`, oldest first, read as they are
   * iterated (finish or break the iteration before the next statement runs).
   */
  forUser(
    app: string,
    bucket: string,
    user: string,
    after: string,
    limit: number,
  ): IterableIterator<StoredChange> {
    return stored(this.selectForUser.iterate({ app, bucket, user, after, limit }));
  }

  /** The newest cv visible to `user` in the bucket. */
  latestForUser(app: string, bucket: string, user: string): string | undefined {
    return this.selectLatest.get({ app, bucket, user }) ?? undefined;
  }

  /**
   * Up to `limit` changes of every user after `after`, oldest first, skipping some clients; read as
   * they are iterated, like `forUser`.
   */
  forAll(
    app: string,
    bucket: string,
    after: string,
    limit: number,
    skipClientids: ReadonlyArray<string>,
  ): IterableIterator<StoredChange> {
    return stored(
      this.selectAll.iterate({ app, bucket, after, limit, skip: JSON.stringify(skipClientids) }),
    );
  }
}
