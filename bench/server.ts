/**
 * Benchmarks of the local server, each printed with its ratio to a baseline measured in the
 * same run:
 *
 * 1. changes applied per second (one transaction per change: ccid check, merge, diff, new
 *    version, head, change log), in process and over HTTP, against raw better-sqlite3 inserts
 *    of one row per transaction;
 * 2. the time to answer "changes since cv" with 100 pending, in process and over HTTP;
 * 3. the memory a server process holds for 1,000 long-polls (the server runs in a child
 *    process so the client's sockets are not counted).
 * 4. batched writes on a file database, 100 changes per transaction and per `POST /changes`
 *    request, against raw inserts (see `server-batched.ts`).
 *
 * Run with `npx tsx bench/server.ts`.
 */
import { createServer, get, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { postObject } from '../lib/server/domain/post-object';
import { openStorage } from '../lib/server/storage';
import { startServer } from '../lib/server';
import { APP, createUser } from './support/local-app';
import { batchedWrites, printBatchedWrites } from './server-batched';
import { forkServer } from './support/server-process';
import { fmt, median, now } from './support/stats';

/** Raw inserts of one change-sized row per transaction: the baseline for write throughput. */
const rawInsertsPerSecond = (path: string, n: number): number => {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, owner TEXT, v INTEGER, data TEXT) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  const one = db.transaction((i: number) =>
    insert.run(String(i).padStart(24, '0'), 'u', i, '{"a":1}'),
  );
  const start = now();
  for (let i = 0; i < n; i += 1) one(i);
  const rate = n / ((now() - start) / 1000);
  db.close();
  return rate;
};

/** Changes applied per second through the storage and merge logic, without HTTP. */
const appliedPerSecond = (path: string, n: number): number => {
  const storage = openStorage(path);
  const start = now();
  for (let i = 0; i < n; i += 1) {
    const ref = { app: APP.id, bucket: 'bench', owner: 'u'.repeat(32), objectId: `o${i % 100}` };
    const access = { ref, reader: ref.owner, isOwner: true, canWrite: true };
    postObject(storage, access, {
      data: { n: i, title: `note ${i}` },
      replace: false,
      ccid: `c${i}`,
      clientid: 'b',
    });
  }
  const rate = n / ((now() - start) / 1000);
  storage.close();
  return rate;
};

/**
 * A bare `node:http` server that reads each body and answers `answer`: the baseline for HTTP
 * figures (same client, same loopback, no work).
 */
const bareServer = async (answer: string): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Length', Buffer.byteLength(answer));
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Requests per second with `workers` concurrent clients, each sending `send(i)` in turn. */
const concurrently = async (
  n: number,
  workers: number,
  send: (i: number) => Promise<Response>,
): Promise<number> => {
  let next = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < n; i = next++) {
        const res = await send(i);
        if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  return n / ((now() - start) / 1000);
};

/**
 * Changes applied per second over HTTP with `workers` clients posting concurrently, and the
 * same load against a bare server.
 */
const httpAppliedPerSecond = async (
  n: number,
  workers: number,
): Promise<{ server: number; bare: number }> => {
  const bare = await bareServer('');
  const body = (i: number): string => JSON.stringify({ n: i });
  const bareRate = await concurrently(n, workers, (i) =>
    fetch(`${bare.url}/x`, { method: 'POST', body: body(i) }),
  );
  await bare.close();
  const server = await startServer({ apps: [APP] });
  const token = await createUser(server.url, 'writer@bench.com');
  const rate = await concurrently(n, workers, (i) =>
    fetch(`${server.url}/1/${APP.id}/bench/i/o${i % 100}?ccid=c${i}`, {
      method: 'POST',
      headers: { 'X-Simperium-Token': token },
      body: body(i),
    }),
  );
  await server.close();
  return { server: rate, bare: bareRate };
};

/** Milliseconds to answer "changes since cv" with 100 pending: in process, and over HTTP. */
const changesSince = async (
  rounds: number,
): Promise<{ inProcess: number; http: number; raw: number; bareHttp: number }> => {
  const server = await startServer({ apps: [APP] });
  const token = await createUser(server.url, 'reader@bench.com');
  const headers = { 'X-Simperium-Token': token };
  const base = `${server.url}/1/${APP.id}/bench`;
  for (let i = 0; i < 1000; i += 1) {
    await fetch(`${base}/i/old${i % 50}`, { method: 'POST', headers, body: JSON.stringify({ i }) });
  }
  const history = (await (await fetch(`${base}/changes?wait=0`, { headers })).json()) as unknown[];
  const lastOld = await (async () => {
    let cv = '';
    for (let page = history as Array<{ cv: string }>; page.length > 0;) {
      cv = page[page.length - 1]?.cv ?? cv;
      page = (await (await fetch(`${base}/changes?wait=0&cv=${cv}`, { headers })).json()) as Array<{
        cv: string;
      }>;
    }
    return cv;
  })();
  for (let i = 0; i < 100; i += 1) {
    await fetch(`${base}/i/new${i}`, { method: 'POST', headers, body: JSON.stringify({ i }) });
  }
  const url = `${base}/changes?wait=0&cv=${lastOld}`;
  const pending = await (await fetch(url, { headers })).text();
  const bare = await bareServer(pending);
  const bareHttp: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = now();
    await (await fetch(`${bare.url}/changes`)).json();
    bareHttp.push(now() - start);
  }
  await bare.close();
  const http: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = now();
    const res = await fetch(url, { headers });
    const body = (await res.json()) as unknown[];
    http.push(now() - start);
    if (body.length !== 100) throw new Error(`expected 100 pending, got ${body.length}`);
  }
  await server.close();

  // In process: the same query and serialisation on a storage with the same shape.
  const storage = openStorage(':memory:');
  const owner = 'u'.repeat(32);
  const write = (objectId: string, data: Record<string, number>): void => {
    const ref = { app: APP.id, bucket: 'bench', owner, objectId };
    postObject(
      storage,
      { ref, reader: owner, isOwner: true, canWrite: true },
      { data, replace: false, clientid: 'b' },
    );
  };
  for (let i = 0; i < 1000; i += 1) write(`old${i % 50}`, { i });
  const cv =
    [...storage.changes.forUser(APP.id, 'bench', owner, '0'.repeat(24), 1000)].pop()?.cv ?? '';
  for (let i = 0; i < 100; i += 1) write(`new${i}`, { i });
  const inProcess: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = now();
    const json = JSON.stringify([...storage.changes.forUser(APP.id, 'bench', owner, cv, 100)]);
    inProcess.push(now() - start);
    if (json.length < 100) throw new Error('empty answer');
  }
  // Baseline: a raw range scan of 100 rows by primary key on a plain table.
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 1100; i += 1)
      insert.run(String(i).padStart(24, '0'), '{"a":{"o":"r","v":1}}');
  })();
  const scan = db.prepare('SELECT * FROM t WHERE k > ? ORDER BY k LIMIT 100');
  const raw: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = now();
    scan.all(String(999).padStart(24, '0'));
    raw.push(now() - start);
  }
  db.close();
  storage.close();
  return {
    inProcess: median(inProcess),
    http: median(http),
    raw: median(raw),
    bareHttp: median(bareHttp),
  };
};

/** The memory a server process holds for `polls` long-polls held open at once. */
const heldPollMemory = async (
  polls: number,
): Promise<{ perPollKiB: number; heapPerPollKiB: number; totalMiB: number }> => {
  // One user holds them all: lift the per-user cap (default 100), which is not what is measured.
  const server = await forkServer({
    apps: [APP],
    pollWindowMs: 600_000,
    maxHeldPollsPerUser: polls,
  });
  const token = await createUser(server.url, 'poller@bench.com');
  const poll = (): ClientRequest =>
    get(`${server.url}/1/${APP.id}/bench/changes`, { headers: { 'X-Simperium-Token': token } }).on(
      'error',
      () => undefined,
    );
  // Warm up the query path before the baseline.
  const warm = poll();
  await server.whenHeld((held) => held >= 1);
  warm.destroy();
  await server.whenHeld((held) => held === 0);
  const before = await server.memory();
  const requests = Array.from({ length: polls }, poll);
  await server.whenHeld((held) => held >= polls);
  const after = await server.memory();
  for (const request of requests) request.destroy();
  await server.close();
  return {
    perPollKiB: (after.rss - before.rss) / polls / 1024,
    heapPerPollKiB: (after.heapUsed - before.heapUsed) / polls / 1024,
    totalMiB: after.rss / 1024 / 1024,
  };
};

/** Runs every server benchmark and prints each figure with its baseline and ratio. */
export const serverBenchmarks = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'simperium-bench-'));
  try {
    const n = 20_000;
    console.log(`changes applied per second (${fmt(n)} changes, one transaction each)`);
    for (const [label, path] of [
      [':memory:', ':memory:'],
      ['file, WAL', join(dir, 'bench.sqlite')],
    ] as const) {
      const raw = rawInsertsPerSecond(path === ':memory:' ? path : `${path}.raw`, n);
      const applied = appliedPerSecond(path, n);
      console.log(
        `  ${label.padEnd(10)} raw inserts ${fmt(raw).padStart(9)}/s   server ${fmt(applied).padStart(7)}/s   ratio ${fmt(applied / raw, 3)}`,
      );
    }
    const http = await httpAppliedPerSecond(3_000, 16);
    console.log(
      `  over HTTP, 16 clients: bare node:http server ${fmt(http.bare)}/s   server ${fmt(http.server)}/s   ratio ${fmt(http.server / http.bare, 3)}`,
    );

    printBatchedWrites(await batchedWrites(dir, n, 3), n, 3);

    const since = await changesSince(300);
    console.log('changes since cv, 100 pending (median of 300)');
    console.log(`  raw range scan of 100 rows  ${fmt(since.raw, 3)} ms`);
    console.log(
      `  server query + JSON         ${fmt(since.inProcess, 3)} ms   ratio ${fmt(since.inProcess / since.raw, 1)}`,
    );
    console.log(`  bare server, same body      ${fmt(since.bareHttp, 3)} ms`);
    console.log(
      `  server HTTP round trip      ${fmt(since.http, 3)} ms   ratio ${fmt(since.http / since.bareHttp, 2)}`,
    );

    const memory = await heldPollMemory(1_000);
    console.log('memory for 1,000 held long-polls (server in a child process)');
    console.log(
      `  ${fmt(memory.perPollKiB, 1)} KiB RSS and ${fmt(memory.heapPerPollKiB, 1)} KiB heap per held poll; server RSS ${fmt(memory.totalMiB, 1)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) void serverBenchmarks();
