/**
 * Seeds a database file for the client benchmarks through the server's own storage and write
 * path (`postObject`, as `POST {bucket}/i/{id}` runs it), without HTTP: one user with an access
 * token, and one bucket of notes. Batches of writes share a transaction, which is what makes
 * tens of thousands of writes take seconds rather than minutes.
 */
import * as t from 'io-ts';
import { hashPassword } from '../../lib/server/domain/passwords';
import { postObject } from '../../lib/server/domain/post-object';
import { openStorage } from '../../lib/server/storage';
import { randomHex, sha256Hex } from '../../lib/server/domain/tokens';
import { APP } from './local-app';

/** The seeded documents' codec: a small io-ts type, as an application would declare. */
export const Note = t.type({ title: t.string, done: t.boolean, n: t.number });
export type Note = t.TypeOf<typeof Note>;

/** The `i`-th note written. */
export const note = (i: number): Note => ({ title: `note ${i}`, done: i % 2 === 0, n: i });

export interface SeedOptions {
  /** The bucket to fill. */
  readonly bucket: string;
  /** How many distinct objects (`note0` …). */
  readonly objects: number;
  /**
   * How many changes in all: the first `objects` create the objects, the rest modify them in
   * turn. At least `objects` are written.
   */
  readonly changes: number;
}

export interface Seeded {
  readonly userId: string;
  /** The user's access token (send it in `X-Simperium-Token` only). */
  readonly token: string;
  /** Changes written (`max(objects, changes)`). */
  readonly changes: number;
}

const BATCH = 5_000;

/**
 * Creates the database at `path` with the benchmarks' app, one user (`reader@bench.com`) holding
 * a fresh token, and `max(objects, changes)` writes of {@link note}s to `bucket`. Resolves once
 * the database is closed again, ready for a server to open.
 */
export const seedDatabase = async (path: string, options: SeedOptions): Promise<Seeded> => {
  const storage = openStorage(path);
  try {
    storage.apps.upsert(APP);
    const userId = randomHex();
    const token = randomHex();
    const password = await hashPassword('bench');
    storage.transaction(() => {
      storage.users.create({ id: userId, app: APP.id, username: 'reader@bench.com', password });
      storage.users.addToken(APP.id, userId, sha256Hex(token));
    });
    const total = Math.max(options.objects, options.changes);
    for (let from = 0; from < total; from += BATCH) {
      storage.transaction(() => {
        for (let i = from; i < Math.min(total, from + BATCH); i += 1) {
          const ref = {
            app: APP.id,
            bucket: options.bucket,
            owner: userId,
            objectId: `note${i % options.objects}`,
          };
          const access = { ref, reader: userId, isOwner: true, canWrite: true };
          postObject(storage, access, { data: note(i), replace: false, clientid: 'seed' });
        }
      });
    }
    return { userId, token, changes: total };
  } finally {
    storage.close();
  }
};
