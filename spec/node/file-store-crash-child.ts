/**
 * Saves large snapshots to a file store in a loop, for the crash spec of `fileStore`: run with
 * `tsx file-store-crash-child.ts <path>`, it prints `saved <n>` once save `n` has resolved, and
 * never stops by itself (the spec kills it).
 *
 * Each snapshot `n` has the cursor `n` in 24 hex digits and an object `marker` holding `n`, so a
 * loaded snapshot tells which save it came from and whether it is whole. The key `constant` is
 * saved once, first: every later file must still hold it.
 */
import { fileStore } from '../../lib/node';
import type { StoredView } from '../../lib';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: file-store-crash-child.ts <path>');

const OBJECTS = 3000;
const filler = 'x'.repeat(160);

const snapshot = (n: number): StoredView => {
  const objects: Record<string, { text: string; n: number }> = {};
  const versions: Record<string, number> = {};
  for (let i = 0; i < OBJECTS; i++) {
    objects[`o${i}`] = { text: `${filler} ${i}`, n };
    versions[`o${i}`] = n;
  }
  objects.marker = { text: 'marker', n };
  versions.marker = n;
  return { cv: n.toString(16).padStart(24, '0'), objects, versions };
};

const main = async (): Promise<void> => {
  const store = fileStore(path);
  await store.save('constant', {
    cv: 'c'.repeat(24),
    objects: { k: { v: 1 } },
    versions: { k: 1 },
  });
  for (let n = 1; ; n++) {
    await store.save('view', snapshot(n));
    process.stdout.write(`saved ${n}\n`);
  }
};

void main();
