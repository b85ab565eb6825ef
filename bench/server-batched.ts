/**
 * Batched write throughput on a file database (WAL, `synchronous = NORMAL`), against raw
 * better-sqlite3 inserts measured in the same run on the same disk:
 *
 * - raw inserts of one change-sized row per transaction (the baseline of `bench/server.ts`), and
 *   of 100 rows per transaction;
 * - the server's write path, one transaction per change (`postObject`, as `POST {bucket}/i/{id}`);
 * - the server's write path, 100 changes per transaction (`applyChangeBatch`, as one
 *   `POST {bucket}/changes` runs it);
 * - `POST {bucket}/changes` over HTTP, 100 changes per request, 4 clients, with the server in a
 *   child process.
 *
 * The changes are Python `bulk_post`'s: a diff from `{}` setting two keys, a random ccid, no `sv`,
 * spread over 100 objects. Every run starts from a fresh database; the measures take turns, in a
 * rotated order, so that drift in the machine's load falls on all alike, and each figure is the
 * median of the runs. In-process figures also give the CPU time per change, which load from
 * other processes inflates less than wall time.
 *
 * Run with `npx tsx bench/server-batched.ts [rounds]` (also run by `bench/server.ts`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JsonObject } from '../lib/jsondiff/types';
import { applyChangeBatch } from '../lib/server/domain/change-batch';
import { postObject } from '../lib/server/domain/post-object';
import { openStorage } from '../lib/server/storage';
import { APP, createUser } from './support/local-app';
import { forkServer } from './support/server-process';
import { fmt, median, now } from './support/stats';

/** Changes per transaction (and per HTTP request) in the batched measures. */
const BATCH = 100;
const OWNER = 'u'.repeat(32);

interface Figure {
  /** Changes (or rows) per second, wall time. */
  readonly rate: number;
  /** CPU time per change in microseconds, when measured in this process. */
  readonly cpuMicros?: number;
}

/** The `i`-th change, as Python's `bulk_post` builds it. */
const change = (i: number, ccid: string): JsonObject => ({
  id: `o${i % 100}`,
  o: 'M',
  v: { n: { o: '+', v: i }, title: { o: '+', v: `note ${i}` } },
  ccid,
});

/** Runs `work` over `n` items and measures it. */
const timed = (n: number, work: () => void): Figure => {
  const cpu = process.cpuUsage();
  const start = now();
  work();
  const seconds = (now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: n / seconds, cpuMicros: (used.user + used.system) / n };
};

const fresh = (path: string): string => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return path;
};

/** Raw inserts of one change-sized row each, `perTransaction` rows to a transaction. */
const rawInserts = (path: string, n: number, perTransaction: number): Figure => {
  const db = new Database(fresh(path));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, owner TEXT, v INTEGER, data TEXT) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  const rows = db.transaction((from: number) => {
    for (let i = from; i < from + perTransaction; i += 1) {
      insert.run(String(i).padStart(24, '0'), 'u', i, '{"a":1}');
    }
  });
  const figure = timed(n, () => {
    for (let from = 0; from < n; from += perTransaction) rows(from);
  });
  db.close();
  return figure;
};

/** The server's write path, one transaction per change. */
const serverSingle = (path: string, ccids: ReadonlyArray<string>): Figure => {
  const storage = openStorage(fresh(path));
  const figure = timed(ccids.length, () => {
    ccids.forEach((ccid, i) => {
      const ref = { app: APP.id, bucket: 'bench', owner: OWNER, objectId: `o${i % 100}` };
      const access = { ref, reader: OWNER, isOwner: true, canWrite: true };
      const data = { n: i, title: `note ${i}` };
      postObject(storage, access, { data, replace: false, ccid, clientid: 'bench' });
    });
  });
  storage.close();
  return figure;
};

/** The server's write path, `BATCH` changes per transaction. */
const serverBatched = (path: string, batches: ReadonlyArray<JsonObject[]>): Figure => {
  const storage = openStorage(fresh(path));
  const scope = { app: APP.id, bucket: 'bench', reader: OWNER, clientid: 'bench' };
  const figure = timed(batches.length * BATCH, () => {
    for (const batch of batches) {
      const { results } = applyChangeBatch(storage, scope, batch);
      if (results.some((result) => 'error' in result)) throw new Error('a change was refused');
    }
  });
  storage.close();
  return figure;
};

/** `POST {bucket}/changes` over HTTP, `BATCH` changes per request, `workers` clients. */
const httpBatched = async (
  path: string,
  bodies: ReadonlyArray<string>,
  workers: number,
): Promise<Figure> => {
  const server = await forkServer({ apps: [APP], database: fresh(path) });
  try {
    const token = await createUser(server.url, 'writer@bench.com');
    const url = `${server.url}/1/${APP.id}/bench/changes?clientid=bench&wait=1`;
    let next = 0;
    const start = now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'X-Simperium-Token': token },
            body: bodies[i],
          });
          const results = (await res.json()) as Array<{ error?: number }>;
          if (res.status !== 200 || results.some((result) => result.error !== undefined)) {
            throw new Error(`request ${i}: HTTP ${res.status}`);
          }
        }
      }),
    );
    return { rate: (bodies.length * BATCH) / ((now() - start) / 1000) };
  } finally {
    await server.close();
  }
};

export interface BatchedFigures {
  readonly rawSingle: Figure;
  readonly rawBatched: Figure;
  readonly serverSingle: Figure;
  readonly serverBatched: Figure;
  readonly http: Figure;
}

/** Measures every figure `rounds` times (after one warm-up run each); medians. */
export const batchedWrites = async (
  dir: string,
  n = 20_000,
  rounds = 3,
): Promise<BatchedFigures> => {
  const ccids = Array.from({ length: n }, () => randomUUID().replace(/-/g, ''));
  const batches = Array.from({ length: Math.ceil(n / BATCH) }, (_, b) =>
    ccids.slice(b * BATCH, (b + 1) * BATCH).map((ccid, k) => change(b * BATCH + k, ccid)),
  );
  const bodies = batches.map((batch) => JSON.stringify(batch));
  const measures = {
    rawSingle: async () => rawInserts(join(dir, 'raw1.sqlite'), n, 1),
    rawBatched: async () => rawInserts(join(dir, 'raw100.sqlite'), n, BATCH),
    serverSingle: async () => serverSingle(join(dir, 'single.sqlite'), ccids),
    serverBatched: async () => serverBatched(join(dir, 'batched.sqlite'), batches),
    http: () => httpBatched(join(dir, 'http.sqlite'), bodies, 4),
  };
  const names = Object.keys(measures) as Array<keyof typeof measures>;
  const runs = new Map<keyof typeof measures, Figure[]>(names.map((name) => [name, []]));
  for (let round = -1; round < rounds; round += 1) {
    const order = names.map((_, k) => names[(k + Math.max(round, 0)) % names.length]);
    for (const name of order) {
      if (name === undefined) continue;
      const figure = await measures[name]();
      if (round >= 0) runs.get(name)?.push(figure);
    }
  }
  const summary = (name: keyof typeof measures): Figure => {
    const figures = runs.get(name) ?? [];
    const cpu = figures.flatMap((figure) => figure.cpuMicros ?? []);
    return {
      rate: median(figures.map((figure) => figure.rate)),
      ...(cpu.length > 0 ? { cpuMicros: median(cpu) } : {}),
    };
  };
  return {
    rawSingle: summary('rawSingle'),
    rawBatched: summary('rawBatched'),
    serverSingle: summary('serverSingle'),
    serverBatched: summary('serverBatched'),
    http: summary('http'),
  };
};

/** Prints the figures, each with its ratio to the raw inserts of the same run. */
export const printBatchedWrites = (figures: BatchedFigures, n: number, rounds: number): void => {
  const line = (label: string, figure: Figure, ratio?: string): void => {
    const cpu = figure.cpuMicros === undefined ? '' : `   ${fmt(figure.cpuMicros, 1)} µs CPU each`;
    console.log(
      `  ${label.padEnd(40)} ${fmt(figure.rate).padStart(9)}/s${ratio === undefined ? '' : `   ${ratio}`}${cpu}`,
    );
  };
  const vs = (figure: Figure, base: Figure): string => fmt(figure.rate / base.rate, 3);
  console.log(
    `batched writes on a file database, WAL, synchronous=NORMAL (${fmt(n)} changes, median of ${rounds})`,
  );
  line('raw inserts, 1 row per transaction', figures.rawSingle);
  line('raw inserts, 100 rows per transaction', figures.rawBatched);
  line(
    'server, 1 change per transaction',
    figures.serverSingle,
    `ratio ${vs(figures.serverSingle, figures.rawSingle)}`,
  );
  line(
    'server, 100 changes per transaction',
    figures.serverBatched,
    `ratio ${vs(figures.serverBatched, figures.rawSingle)} (to 100 rows/tx ${vs(figures.serverBatched, figures.rawBatched)})`,
  );
  line(
    'POST /changes over HTTP, 100 per request',
    figures.http,
    `ratio ${vs(figures.http, figures.rawSingle)}`,
  );
};

const main = async (): Promise<void> => {
  const rounds = Number(process.argv[2] ?? 3);
  const n = 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'simperium-bench-'));
  try {
    printBatchedWrites(await batchedWrites(dir, n, rounds), n, rounds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) void main();
