/**
 * Seeds a database file for the client benchmarks through the server's own storage and write
 * path (`postObject`, as `POST {bucket}/i/{id}` runs it), without HTTP: one user with an access
 * token, and one bucket of notes. Batches of writes share a transaction, which is what makes
 * tens of thousands of writes take seconds rather than minutes.
 */
import * as t from 'io-ts';
import type { JsonObject } from '../../lib/jsondiff/types';
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

/** A note as Simplenote stores it: a fuller document than {@link Note}. */
export const SimplenoteNote = t.type({
  content: t.string,
  tags: t.array(t.string),
  deleted: t.boolean,
  shareURL: t.string,
  publishURL: t.string,
  systemTags: t.array(t.string),
  creationDate: t.number,
  modificationDate: t.number,
});
export type SimplenoteNote = t.TypeOf<typeof SimplenoteNote>;

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco.';
const TAGS = ['work', 'home', 'ideas', 'recipes', 'travel'];

/**
 * The `i`-th Simplenote-shaped note: about 250 bytes of JSON (a first line and 60–100 characters
 * of text, a tag or none, floating-point dates).
 */
export const simplenoteNote = (i: number): SimplenoteNote => ({
  content: `Note ${i}\n${LOREM.slice(0, 60 + (i % 41))}`,
  tags: i % 3 === 0 ? [] : [TAGS[i % TAGS.length] as string],
  deleted: false,
  shareURL: '',
  publishURL: '',
  systemTags: i % 5 === 0 ? ['markdown'] : [],
  creationDate: 1_700_000_000 + i * 7.25,
  modificationDate: 1_700_000_000 + i * 7.25 + (i % 1000) / 8,
});

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
  /**
   * Further buckets, each of `objects` documents written once (`note0` …), after `bucket`: `doc`
   * makes the `i`-th (default {@link note}).
   */
  readonly buckets?: ReadonlyArray<{
    readonly bucket: string;
    readonly objects: number;
    readonly doc?: (i: number) => JsonObject;
  }>;
}

export interface Seeded {
  readonly userId: string;
  /** The user's access token (send it in `X-Simperium-Token` only). */
  readonly token: string;
  /** Changes written to `bucket` (`max(objects, changes)`). */
  readonly changes: number;
  /**
   * The cv of `bucket` once every object was created: the changes after it are the
   * modifications (of `note0`, `note1` … in turn, each from version 1 when `changes` is at most
   * twice `objects`).
   */
  readonly createdCv: string;
}

const BATCH = 5_000;

/**
 * Creates the database at `path` with the benchmarks' app, one user (`reader@bench.com`) holding
 * a fresh token, `max(objects, changes)` writes of {@link note}s to `bucket`, and the notes of
 * each of `buckets`. Resolves once
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
    const write = (bucket: string, id: string, data: JsonObject): void => {
      const ref = { app: APP.id, bucket, owner: userId, objectId: id };
      const access = { ref, reader: userId, isOwner: true, canWrite: true };
      postObject(storage, access, { data, replace: false, clientid: 'seed' });
    };
    const total = Math.max(options.objects, options.changes);
    let createdCv: string | undefined;
    for (let from = 0; from < total; from += BATCH) {
      storage.transaction(() => {
        for (let i = from; i < Math.min(total, from + BATCH); i += 1) {
          write(options.bucket, `note${i % options.objects}`, note(i));
          if (i === options.objects - 1) {
            createdCv = storage.changes.latestForUser(APP.id, options.bucket, userId);
          }
        }
      });
    }
    for (const { bucket, objects, doc = note } of options.buckets ?? []) {
      for (let from = 0; from < objects; from += BATCH) {
        storage.transaction(() => {
          for (let i = from; i < Math.min(objects, from + BATCH); i += 1) {
            write(bucket, `note${i}`, doc(i));
          }
        });
      }
    }
    if (createdCv === undefined) throw new Error('seed: no cv after the objects were created');
    return { userId, token, changes: total, createdCv };
  } finally {
    storage.close();
  }
};
