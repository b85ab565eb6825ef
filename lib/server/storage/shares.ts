/**
 * Shares: an owner's object made visible to another user of the same app, read-only or with
 * write access. A share remembers the cv it was made at: the target sees the object's changes
 * from then on.
 */
import type Database from 'better-sqlite3';
import type { ObjectRef } from './objects';

export interface Share {
  readonly writeAccess: boolean;
  /** The cv of the change that announced the share to its target. */
  readonly cv: string;
}

type ShareKey = ObjectRef & { target: string };

export class ShareStore {
  private readonly insert;
  private readonly setAccess;
  private readonly select;

  constructor(db: Database.Database) {
    this.insert = db.prepare<ShareKey & { writeAccess: number; cv: string }>(
      `INSERT INTO shares (app, bucket, owner, object_id, target, write_access, cv)
       VALUES (@app, @bucket, @owner, @objectId, @target, @writeAccess, @cv)`,
    );
    this.setAccess = db.prepare<ShareKey & { writeAccess: number }>(
      `UPDATE shares SET write_access = @writeAccess WHERE app = @app AND bucket = @bucket
         AND owner = @owner AND object_id = @objectId AND target = @target`,
    );
    this.select = db.prepare<ShareKey, { writeAccess: number; cv: string }>(
      `SELECT write_access AS writeAccess, cv FROM shares WHERE app = @app AND bucket = @bucket
         AND owner = @owner AND object_id = @objectId AND target = @target`,
    );
  }

  find(ref: ObjectRef, target: string): Share | undefined {
    const row = this.select.get(key(ref, target));
    return row && { writeAccess: row.writeAccess === 1, cv: row.cv };
  }

  add(ref: ObjectRef, target: string, writeAccess: boolean, cv: string): void {
    this.insert.run({ ...key(ref, target), writeAccess: writeAccess ? 1 : 0, cv });
  }

  setWriteAccess(ref: ObjectRef, target: string, writeAccess: boolean): void {
    this.setAccess.run({ ...key(ref, target), writeAccess: writeAccess ? 1 : 0 });
  }
}

const key = (ref: ObjectRef, target: string): ShareKey => ({
  app: ref.app,
  bucket: ref.bucket,
  owner: ref.owner,
  objectId: ref.objectId,
  target,
});
