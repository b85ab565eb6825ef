/**
 * Shares: an owner's object made visible to another user of the same app, read-only or with
 * write access. A share remembers the cv it was made at: the target sees the object's changes
 * from then on, and its versions from the one current then.
 */
import type Database from 'better-sqlite3';
import type { ObjectRef } from './objects';

export interface Share {
  readonly writeAccess: boolean;
  /** The object's version when the share was made: the oldest one the target may read. */
  readonly version: number;
}

type ShareKey = ObjectRef & { target: string };

export class ShareStore {
  private readonly insert;
  private readonly setAccess;
  private readonly select;
  private readonly selectTargets;
  private readonly delete;

  constructor(db: Database.Database) {
    this.insert = db.prepare<ShareKey & { writeAccess: number; cv: string }>(
      `INSERT INTO shares (app, bucket, owner, object_id, target, write_access, cv)
       VALUES (@app, @bucket, @owner, @objectId, @target, @writeAccess, @cv)`,
    );
    this.setAccess = db.prepare<ShareKey & { writeAccess: number }>(
      `UPDATE shares SET write_access = @writeAccess WHERE app = @app AND bucket = @bucket
         AND owner = @owner AND object_id = @objectId AND target = @target`,
    );
    this.delete = db.prepare<ShareKey>(
      `DELETE FROM shares WHERE app = @app AND bucket = @bucket AND owner = @owner
         AND object_id = @objectId AND target = @target`,
    );
    this.selectTargets = db
      .prepare<ObjectRef, string>(
        `SELECT target FROM shares WHERE app = @app AND bucket = @bucket AND owner = @owner
           AND object_id = @objectId`,
      )
      .pluck();
    // The announcement's `ev` is the version current at the share. Without it (it is deleted
    // only with the share itself), no stored version is readable: the limit fails closed.
    this.select = db.prepare<ShareKey, { writeAccess: number; version: number | null }>(
      `SELECT s.write_access AS writeAccess,
         (SELECT c.ev FROM changes c WHERE c.app = s.app AND c.bucket = s.bucket AND c.cv = s.cv)
           AS version
       FROM shares s WHERE s.app = @app AND s.bucket = @bucket AND s.owner = @owner
         AND s.object_id = @objectId AND s.target = @target`,
    );
  }

  /** The users the object is shared with. */
  targets(ref: ObjectRef): string[] {
    return this.selectTargets.all({
      app: ref.app,
      bucket: ref.bucket,
      owner: ref.owner,
      objectId: ref.objectId,
    });
  }

  find(ref: ObjectRef, target: string): Share | undefined {
    const row = this.select.get(key(ref, target));
    return (
      row && {
        writeAccess: row.writeAccess === 1,
        version: row.version ?? Number.POSITIVE_INFINITY,
      }
    );
  }

  add(ref: ObjectRef, target: string, writeAccess: boolean, cv: string): void {
    this.insert.run({ ...key(ref, target), writeAccess: writeAccess ? 1 : 0, cv });
  }

  /** Ends the share; returns whether there was one. */
  remove(ref: ObjectRef, target: string): boolean {
    return this.delete.run(key(ref, target)).changes > 0;
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
