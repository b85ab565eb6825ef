/**
 * `fileStore` from `simperium-rx/node`: one JSON file holding the snapshots of live views, by key,
 * written atomically. Includes a process killed while saving, again and again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredView } from '../../lib';
import { isStoredView } from '../../lib/live/stored-view';
import { fileStore } from '../../lib/node';

const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'file-store-crash-child.ts');

let folder: string;
let path: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-store-'));
  path = join(folder, 'views.json');
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const view = (cv: string, objects: Record<string, Record<string, unknown>> = {}): StoredView => ({
  cv,
  objects: objects as StoredView['objects'],
  versions: Object.fromEntries(Object.keys(objects).map((id) => [id, 1])),
});

describe('fileStore', () => {
  it('should load what it saved, in this process and in a fresh store on the same file', async () => {
    const store = fileStore(path);
    expect(await store.load('k')).toBeUndefined(); // no file yet
    const saved = view('0'.repeat(23) + '1', { a: { text: 'é 😀', n: [1, { deep: null }] } });
    await store.save('k', saved);
    expect(await store.load('k')).toEqual(saved);
    expect(await fileStore(path).load('k')).toEqual(saved);
    expect(await fileStore(path).load('other')).toBeUndefined();
  });

  it('should keep several keys in one file', async () => {
    const store = fileStore(path);
    const one = view('1'.repeat(24), { a: { x: 1 } });
    const two = view('2'.repeat(24), { b: { y: 2 } });
    await Promise.all([store.save('one', one), store.save('two', two)]);
    await store.save('one', view('3'.repeat(24)));
    const fresh = fileStore(path);
    expect(await fresh.load('one')).toEqual(view('3'.repeat(24)));
    expect(await fresh.load('two')).toEqual(two);
    const file = JSON.parse(await readFile(path, 'utf8')) as { format: string; views: object };
    expect(file.format).toBe('simperium-rx live views 1');
    expect(Object.keys(file.views).sort()).toEqual(['one', 'two']);
  });

  it('should see a save asked before a load, even while that save is being written', async () => {
    const store = fileStore(path);
    const saved = view('4'.repeat(24), { a: { x: 1 } });
    const saving = store.save('k', saved); // not awaited: a view stopping, then another starting
    expect(await store.load('k')).toEqual(saved);
    await saving;
  });

  it.each([
    ['an object of another kind', '{"name":"my-package","version":"1.0.0"}\n'],
    ['an array', '[1, 2, 3]'],
    ['a store of another format', '{"format":"simperium-rx live views 0","views":{}}'],
  ])('should refuse a JSON file that is %s, and leave it as it is', async (_what, text) => {
    await writeFile(path, text);
    const store = fileStore(path);
    await expect(store.load('k')).rejects.toThrow(/is not a live view store/);
    await expect(store.save('k', view('5'.repeat(24)))).rejects.toThrow(/is not a live view store/);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(folder)).toEqual(['views.json']); // no temporary file left behind
  });

  it('should start over from a file that is not JSON', async () => {
    await writeFile(path, '{"format":"simperium-rx live views 1","views":{"k":');
    const store = fileStore(path);
    expect(await store.load('k')).toBeUndefined();
    const saved = view('6'.repeat(24), { a: { x: 1 } });
    await store.save('k', saved);
    expect(await fileStore(path).load('k')).toEqual(saved);
  });

  it('should load nothing for a key whose record is not a snapshot', async () => {
    const bad = { cv: '', objects: {}, versions: {} };
    const good = view('7'.repeat(24));
    await writeFile(
      path,
      JSON.stringify({ format: 'simperium-rx live views 1', views: { bad, good } }),
    );
    const store = fileStore(path);
    expect(await store.load('bad')).toBeUndefined();
    expect(await store.load('good')).toEqual(good);
  });

  it('should reject a save into a folder that does not exist, and go on saving elsewhere', async () => {
    const store = fileStore(join(folder, 'missing', 'views.json'));
    await expect(store.save('k', view('8'.repeat(24)))).rejects.toThrow(/ENOENT/);
    await expect(store.save('k', view('8'.repeat(24)))).rejects.toThrow(/ENOENT/);
    expect(await store.load('k')).toBeUndefined();
  });
});

/** Children still running, killed after each test whatever happened. */
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/**
 * Runs the child that saves in a loop, in one Node process (TypeScript loaded by `--import tsx`,
 * not the `tsx` command, whose own process would take the SIGKILL and leave its child running).
 */
const saver = (file: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const reported = (): number => Number(/saved (\d+)\n(?![\s\S]*saved)/.exec(stdout)?.[1] ?? 0);
  const after = async (saves: number): Promise<number> => {
    while (reported() < saves) {
      const closed = await Promise.race([
        once(child.stdout, 'data').then(() => false),
        exited.then(() => true),
      ]);
      if (closed) throw new Error(`the saver exited: ${stdout}${stderr}`);
    }
    return reported();
  };
  return { child, exited, after, reported };
};

describe('fileStore killed while saving', () => {
  it.each([1, 2, 5, 9])(
    'should load a whole snapshot, old or new, after a SIGKILL once %i saves are done',
    async (saves) => {
      const run = saver(path);
      const done = await run.after(saves);
      run.child.kill('SIGKILL');
      expect(await run.exited).toEqual([null, 'SIGKILL']);
      const last = run.reported(); // saves reported before the kill landed

      const store = fileStore(path);
      const loaded = await store.load('view');
      expect(isStoredView(loaded)).toBe(true);
      const n = parseInt(loaded?.cv ?? '', 16);
      expect(n).toBeGreaterThanOrEqual(Math.max(done, last));
      expect(n).toBeLessThanOrEqual(last + 1); // at most the save in flight
      expect(loaded?.objects.marker).toEqual({ text: 'marker', n });
      expect(loaded?.versions.o0).toBe(n);
      expect(Object.keys(loaded?.objects ?? {})).toHaveLength(3001);
      expect(await store.load('constant')).toEqual({
        cv: 'c'.repeat(24),
        objects: { k: { v: 1 } },
        versions: { k: 1 },
      });

      // And the store goes on from there.
      await store.save('view', view('f'.repeat(24)));
      expect(await fileStore(path).load('view')).toEqual(view('f'.repeat(24)));
    },
  );
});
