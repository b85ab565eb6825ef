/**
 * A live view store in one JSON file, for Node: a backend or a CLI resumes its views after a
 * restart, and the file can be read (and removed) by hand.
 *
 * @since 0.1.0
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { isRecord } from '../jsondiff/guards.js';
import { isStoredView } from '../live/stored-view.js';
import type { LiveStore, StoredView } from '../live/types.js';

/** What the file holds: its format, then every view by key. */
interface StoreFile {
  readonly format: typeof FORMAT;
  readonly views: Record<string, StoredView>;
}

const FORMAT = 'simperium-rx live views 1';

/**
 * The views in the file at `path`: none when there is no file yet, or when it is not JSON. A JSON
 * file of another kind is refused, so that a wrong path never overwrites someone else's file.
 */
const readViews = async (path: string): Promise<Record<string, StoredView>> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return {};
    throw e;
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return {}; // not JSON (cut short by hand, say): start over; the next save replaces it
  }
  if (!isRecord(file) || file.format !== FORMAT || !isRecord(file.views)) {
    throw new Error(`${path} is not a live view store (${FORMAT})`);
  }
  return file.views as Record<string, StoredView>;
};

/** Writes `text` to `path` atomically: into a new file, flushed to disk, then renamed over it. */
const writeAtomically = async (path: string, text: string): Promise<void> => {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
};

/**
 * A store in the JSON file at `path` (created on the first save; its folder must exist). Every
 * save writes a new file and renames it over the old one, so a crash while saving leaves the
 * previous file whole: the store always loads. Saves from this store run one at a time, and a
 * load waits for the saves asked before it; use one store per file per process.
 *
 * @param path the file, e.g. `./todo-view.json`
 */
export const fileStore = (path: string): LiveStore => {
  let views: Promise<Record<string, StoredView>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const current = (): Promise<Record<string, StoredView>> => {
    views ??= readViews(path).catch((e: unknown) => {
      views = undefined; // read again next time
      throw e;
    });
    return views;
  };
  return {
    load: async (key) => {
      await queue; // a save already asked of this store is seen, even while it is being written
      const view = (await current())[key];
      return isStoredView(view) ? view : undefined;
    },
    save: (key, view) => {
      const saved = queue.then(async () => {
        const next = { ...(await current()), [key]: view };
        const file: StoreFile = { format: FORMAT, views: next };
        await writeAtomically(path, JSON.stringify(file));
        views = Promise.resolve(next);
      });
      queue = saved.catch(() => undefined);
      return saved;
    },
  };
};
