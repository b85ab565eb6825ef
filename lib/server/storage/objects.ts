/**
 * Objects: each object's head (current version and data, or a tombstone once deleted) and the
 * data of every version it has had. Objects belong to their owner; the index also lists the
 * objects shared with the reader.
 */
import type Database from 'better-sqlite3';
import type { JsonObject } from '../../jsondiff/types';

/** Where an object lives. `objectId` is the owner's id for it (no `owner/` prefix). */
export interface ObjectRef {
  readonly app: string;
  readonly bucket: string;
  readonly owner: string;
  readonly objectId: string;
}

export interface ObjectHead {
  readonly version: number;
  /** The current data; `null` once the object is deleted. */
  readonly data: JsonObject | null;
}

export interface IndexRow {
  readonly owner: string;
  readonly objectId: string;
  readonly version: number;
  /** The data as the JSON text stored; `null` unless asked for. */
  readonly dataText: string | null;
  /** The cv the listing is ordered by (newest first); the next page's `mark`. */
  readonly key: string;
}

/** An object's current version and its data as the JSON text stored. */
export interface StoredHead {
  readonly version: number;
  /** `null` once the object is deleted. */
  readonly dataText: string | null;
}

export interface IndexQuery {
  readonly app: string;
  readonly bucket: string;
  readonly user: string;
  /** Only rows whose key is below this cv (the previous page's mark). */
  readonly before?: string;
  /** Only rows changed after this cv. */
  readonly after?: string;
  readonly limit: number;
  readonly withData: boolean;
}

/** Stored data is always a JSON object written by this module. */
const parseStored = (text: string): JsonObject => JSON.parse(text) as JsonObject;

const REF = 'app = @app AND bucket = @bucket AND owner = @owner AND object_id = @objectId';

/**
 * The same, with positional parameters, for the statements every write runs: better-sqlite3 binds
 * positional parameters without looking each name up in an object made for the call.
 */
const REF_AT = 'app = ? AND bucket = ? AND owner = ? AND object_id = ?';

/** A ref's four fields, in the order of `REF_AT`. */
type RefArgs = [app: string, bucket: string, owner: string, objectId: string];

const INDEX_SQL = `
SELECT owner, object_id AS objectId, version, CASE WHEN @withData THEN data END AS dataText, key
FROM (
  SELECT * FROM (
    SELECT owner, object_id, version, data, modified_cv AS key FROM objects
    WHERE app = @app AND bucket = @bucket AND owner = @user AND data IS NOT NULL
      AND modified_cv < @before AND modified_cv > @after
    ORDER BY modified_cv DESC LIMIT @limit)
  UNION ALL
  SELECT * FROM (
    SELECT o.owner, o.object_id, o.version, o.data, MAX(o.modified_cv, s.cv) AS key
    FROM shares s INDEXED BY shares_by_target CROSS JOIN objects o
      ON o.app = s.app AND o.bucket = s.bucket AND o.owner = s.owner AND o.object_id = s.object_id
    WHERE s.app = @app AND s.bucket = @bucket AND s.target = @user AND o.data IS NOT NULL
      AND key < @before AND key > @after
    ORDER BY key DESC LIMIT @limit)
) ORDER BY key DESC LIMIT @limit`;

/** Above every cv: the default upper bound of an index listing. */
const TOP = 'g';

export class ObjectStore {
  private readonly selectHead;
  private readonly upsertHead;
  private readonly insertVersion;
  private readonly selectVersion;
  private readonly selectVersionsFrom;
  private readonly selectIndex;

  constructor(db: Database.Database) {
    this.selectHead = db.prepare<RefArgs, StoredHead>(
      `SELECT version, data AS dataText FROM objects WHERE ${REF_AT}`,
    );
    this.upsertHead = db.prepare<[...RefArgs, number, string | null, string]>(
      `INSERT INTO objects (app, bucket, owner, object_id, version, data, modified_cv)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (app, bucket, owner, object_id) DO UPDATE
       SET version = excluded.version, data = excluded.data, modified_cv = excluded.modified_cv`,
    );
    this.insertVersion = db.prepare<[...RefArgs, number, string]>(
      `INSERT INTO versions (app, bucket, owner, object_id, version, data)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.selectVersion = db
      .prepare<ObjectRef & { version: number }, string>(
        `SELECT data FROM versions WHERE ${REF} AND version = @version`,
      )
      .pluck();
    this.selectVersionsFrom = db.prepare<
      ObjectRef & { version: number },
      { version: number; data: string }
    >(`SELECT version, data FROM versions WHERE ${REF} AND version >= @version ORDER BY version`);
    this.selectIndex = db.prepare<
      Omit<IndexQuery, 'withData' | 'before' | 'after'> & {
        withData: number;
        before: string;
        after: string;
      },
      IndexRow
    >(INDEX_SQL);
  }

  head(ref: ObjectRef): ObjectHead | undefined {
    const row = this.headText(ref);
    return (
      row && {
        version: row.version,
        data: row.dataText === null ? null : parseStored(row.dataText),
      }
    );
  }

  /** The head with its data as the JSON text stored, for answers that carry it as it is. */
  headText(ref: ObjectRef): StoredHead | undefined {
    return this.selectHead.get(ref.app, ref.bucket, ref.owner, ref.objectId);
  }

  /**
   * Records a new version: its data (`null` for a deletion) becomes the head. Returns the data as
   * the JSON text stored.
   */
  write(ref: ObjectRef, version: number, data: JsonObject | null, cv: string): string | null {
    const text = data === null ? null : JSON.stringify(data);
    const { app, bucket, owner, objectId } = ref;
    this.upsertHead.run(app, bucket, owner, objectId, version, text, cv);
    if (text !== null) this.insertVersion.run(app, bucket, owner, objectId, version, text);
    return text;
  }

  /** The data of version `version`, if that version exists and is not a deletion. */
  version(ref: ObjectRef, version: number): JsonObject | undefined {
    const text = this.versionText(ref, version);
    return text === undefined ? undefined : parseStored(text);
  }

  /** `version`'s data as the JSON text stored. */
  versionText(ref: ObjectRef, version: number): string | undefined {
    return this.selectVersion.get({ ...plain(ref), version });
  }

  /** The stored versions numbered `version` and above, oldest first (deletions have none). */
  versionsFrom(ref: ObjectRef, version: number): Array<{ version: number; data: JsonObject }> {
    return this.selectVersionsFrom
      .all({ ...plain(ref), version })
      .map((row) => ({ version: row.version, data: parseStored(row.data) }));
  }

  /**
   * One page of the reader's live objects (own and shared with them), newest-modified first, read
   * as it is iterated (finish or break the iteration before the next statement runs).
   */
  index(query: IndexQuery): IterableIterator<IndexRow> {
    return this.selectIndex.iterate({
      app: query.app,
      bucket: query.bucket,
      user: query.user,
      limit: query.limit,
      withData: query.withData ? 1 : 0,
      before: query.before ?? TOP,
      after: query.after ?? '',
    });
  }
}

/** better-sqlite3 rejects unknown named parameters: pass exactly the ref's four fields. */
const plain = (ref: ObjectRef): ObjectRef => ({
  app: ref.app,
  bucket: ref.bucket,
  owner: ref.owner,
  objectId: ref.objectId,
});
