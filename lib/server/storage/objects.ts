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
  /** Present when asked for. */
  readonly data?: JsonObject;
  /** The cv the listing is ordered by (newest first); the next page's `mark`. */
  readonly key: string;
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

const INDEX_SQL = `
SELECT owner, object_id AS objectId, version, CASE WHEN @withData THEN data END AS data, key FROM (
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
    this.selectHead = db.prepare<ObjectRef, { version: number; data: string | null }>(
      `SELECT version, data FROM objects WHERE ${REF}`,
    );
    this.upsertHead = db.prepare<ObjectRef & { version: number; data: string | null; cv: string }>(
      `INSERT INTO objects (app, bucket, owner, object_id, version, data, modified_cv)
       VALUES (@app, @bucket, @owner, @objectId, @version, @data, @cv)
       ON CONFLICT (app, bucket, owner, object_id) DO UPDATE
       SET version = excluded.version, data = excluded.data, modified_cv = excluded.modified_cv`,
    );
    this.insertVersion = db.prepare<ObjectRef & { version: number; data: string }>(
      `INSERT INTO versions (app, bucket, owner, object_id, version, data)
       VALUES (@app, @bucket, @owner, @objectId, @version, @data)`,
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
      { owner: string; objectId: string; version: number; data: string | null; key: string }
    >(INDEX_SQL);
  }

  head(ref: ObjectRef): ObjectHead | undefined {
    const row = this.selectHead.get(plain(ref));
    return (
      row && {
        version: row.version,
        data: row.data === null ? null : parseStored(row.data),
      }
    );
  }

  /** Records a new version: its data (`null` for a deletion) becomes the head. */
  write(ref: ObjectRef, version: number, data: JsonObject | null, cv: string): void {
    const text = data === null ? null : JSON.stringify(data);
    this.upsertHead.run({ ...plain(ref), version, data: text, cv });
    if (text !== null) this.insertVersion.run({ ...plain(ref), version, data: text });
  }

  /** The data of version `version`, if that version exists and is not a deletion. */
  version(ref: ObjectRef, version: number): JsonObject | undefined {
    const text = this.selectVersion.get({ ...plain(ref), version });
    return text === undefined ? undefined : parseStored(text);
  }

  /** The stored versions numbered `version` and above, oldest first (deletions have none). */
  versionsFrom(ref: ObjectRef, version: number): Array<{ version: number; data: JsonObject }> {
    return this.selectVersionsFrom
      .all({ ...plain(ref), version })
      .map((row) => ({ version: row.version, data: parseStored(row.data) }));
  }

  /** One page of the reader's live objects (own and shared with them), newest-modified first. */
  index(query: IndexQuery): IndexRow[] {
    const rows = this.selectIndex.all({
      app: query.app,
      bucket: query.bucket,
      user: query.user,
      limit: query.limit,
      withData: query.withData ? 1 : 0,
      before: query.before ?? TOP,
      after: query.after ?? '',
    });
    return rows.map(({ data, ...row }) =>
      data === null ? row : { ...row, data: parseStored(data) },
    );
  }
}

/** better-sqlite3 rejects unknown named parameters: pass exactly the ref's four fields. */
const plain = (ref: ObjectRef): ObjectRef => ({
  app: ref.app,
  bucket: ref.bucket,
  owner: ref.owner,
  objectId: ref.objectId,
});
