/**
 * Client benchmarks (`npm run bench`), each against a baseline measured in the same run on the
 * same local server, printed as one table:
 *
 * 1. decode cost per change: `JSON.parse` and the feed's change decoder (and the public change
 *    codec) against `JSON.parse` alone, in process;
 * 2. feed latency, write → emission: `changes$` against hand-written long-poll loops over
 *    `node:http` (keep-alive) and over `fetch`;
 * 3. `index$` throughput with data over a seeded bucket, lazy and with `prefetch: 1`, against a
 *    raw `fetch` page loop;
 * 4. bulk writes: 1,000 new objects through `postMany$`, against `new$` ×16 at once;
 * 5. heap growth while changes flow through `changes$`, against the raw loop;
 * 6. live view latency, another client's write → a view holding it, against `changes$` alone;
 * 6b. streaming latency, write → emission: `changes$` over the socket against `changes$` over
 *    HTTP and against a bare `ws` client of the streaming protocol;
 * 7. view apply cost per change, in process, against `JSON.parse` of the same answers;
 * 8. heap of a live view of 100,000 objects, against the JSON size of its objects: small notes
 *    (the target), and Simplenote-shaped notes of about 250 bytes (reported only).
 *
 * The server runs in a child process, on a database seeded in bulk through its own write path.
 * Options: `--objects N` (objects in the index, default 50,000), `--changes N` (changes through
 * the feed in the heap run, default 100,000: seeding and reading 200,000 takes well over a minute
 * on 2 shared cores), `--view-objects N` (objects of the live view whose heap is measured,
 * default 100,000), `--server` (then also run `bench/server.ts`), `--source` (measure the
 * TypeScript sources through tsx instead of the build, see `support/build.ts`). Needs
 * `--expose-gc`; without it, it runs itself again with the flag. `--only a,b` runs only the
 * benchmarks of those keys (`decode`, `feed`, `index`, `bulk`, `feed-heap`, `live`, `socket`,
 * `view-apply`, `view-heap`), on the same seeded database.
 */
import { measuredCode } from './support/code';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bulkWrite } from './client/bulk-write';
import { decodeCost } from './client/decode-cost';
import { feedHeap } from './client/feed-heap';
import { feedLatency } from './client/feed-latency';
import { indexThroughput } from './client/index-throughput';
import { liveLatency } from './client/live-latency';
import { socketLatency } from './client/socket-latency';
import { viewApply } from './client/view-apply';
import { viewHeap } from './client/view-heap';
import { serverBenchmarks } from './server';
import { clientSetup, type ClientSetup } from './support/client-setup';
import { APP } from './support/local-app';
import { Note, seedDatabase, SimplenoteNote, simplenoteNote } from './support/seed';
import { forkServer } from './support/server-process';
import { fmt, now } from './support/stats';
import { closingVerdict, formatTable, type Row } from './support/table';

const BUCKET = 'notes';
const VIEW_BUCKET = 'view';
const SIMPLENOTE_BUCKET = 'simplenote';
/** The target of the heap of a live view of the small notes: at most 3× their JSON. */
const VIEW_HEAP_TARGET = 3;

/** The benchmarks' `--only` keys, in the table's order. */
const BENCHMARK_KEYS = [
  'decode',
  'feed',
  'index',
  'bulk',
  'feed-heap',
  'live',
  'socket',
  'view-apply',
  'view-heap',
] as const;
type BenchmarkKey = (typeof BENCHMARK_KEYS)[number];

/** One benchmark of the table: its name, and what it measures. */
interface Benchmark {
  readonly name: string;
  readonly run: () => Promise<Row[]>;
}

interface Sizes {
  readonly objects: number;
  readonly changes: number;
  readonly viewObjects: number;
  readonly createdCv: string;
  readonly gc: () => void;
}

/** Every benchmark, by its key (the type makes each key have exactly one). */
const allBenchmarks = (setup: ClientSetup, sizes: Sizes): Record<BenchmarkKey, Benchmark> => {
  const one = (row: Promise<Row>): Promise<Row[]> => row.then((r) => [r]);
  return {
    decode: { name: 'decode cost', run: () => decodeCost(setup, { bucket: BUCKET }) },
    feed: { name: 'feed latency', run: () => feedLatency(setup) },
    index: {
      name: 'index$',
      run: () => indexThroughput(setup, { bucket: BUCKET, objects: sizes.objects }),
    },
    bulk: { name: 'postMany$', run: () => one(bulkWrite(setup)) },
    'feed-heap': {
      name: 'heap growth',
      run: () => one(feedHeap(setup, { bucket: BUCKET, count: sizes.changes }, sizes.gc)),
    },
    live: { name: 'live$ latency', run: () => liveLatency(setup) },
    socket: { name: 'socket latency', run: () => socketLatency(setup) },
    'view-apply': {
      name: 'view apply cost',
      run: () =>
        viewApply(setup, { bucket: BUCKET, cv: sizes.createdCv, sizes: [10_000, 100_000] }),
    },
    'view-heap': {
      name: 'view heap',
      run: async () => [
        ...(await viewHeap(
          setup,
          {
            bucket: VIEW_BUCKET,
            objects: sizes.viewObjects,
            codec: Note,
            what: 'notes',
            target: VIEW_HEAP_TARGET,
          },
          sizes.gc,
        )),
        ...(await viewHeap(
          setup,
          {
            bucket: SIMPLENOTE_BUCKET,
            objects: sizes.viewObjects,
            codec: SimplenoteNote,
            what: 'Simplenote-shaped notes',
          },
          sizes.gc,
        )),
      ],
    },
  };
};

/** The benchmarks `--only` names (a comma-separated list of keys), or all when it is absent. */
const onlyKeys = (value: string | undefined): readonly string[] => {
  if (value === undefined) return BENCHMARK_KEYS;
  const keys = value.split(',').map((k) => k.trim());
  const unknown = keys.filter((k) => !(BENCHMARK_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0 || keys.length === 0) {
    throw new Error(`--only takes some of ${BENCHMARK_KEYS.join(', ')}; not ${unknown.join(', ')}`);
  }
  return keys;
};

const count = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};

/** Runs `work`, printing its name before and its duration after. */
const step = async <A>(name: string, work: () => Promise<A>): Promise<A> => {
  process.stdout.write(`${name} … `);
  const start = now();
  const result = await work();
  console.log(`${fmt((now() - start) / 1000, 1)} s`);
  return result;
};

const main = async (gc: () => void): Promise<void> => {
  const { values } = parseArgs({
    options: {
      objects: { type: 'string' },
      changes: { type: 'string' },
      'view-objects': { type: 'string' },
      server: { type: 'boolean' },
      only: { type: 'string' },
      source: { type: 'boolean' },
    },
  });
  const objects = count(values.objects, 50_000, 'objects');
  const changes = count(values.changes, 100_000, 'changes');
  const viewObjects = count(values['view-objects'], 100_000, 'view-objects');
  const only = onlyKeys(values.only);
  console.log(
    `client benchmarks, ${new Date().toISOString()}, Node ${process.version}, ` +
      `${cpus().length} cores, load average ${loadavg()
        .map((l) => fmt(l, 1))
        .join(
          ' ',
        )}, measuring the ${measuredCode === 'build' ? 'build (dist/cjs)' : 'sources (lib/, through tsx)'}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'simperium-client-bench-'));
  const started = now();
  try {
    const database = join(dir, 'client.sqlite');
    const seeded = await step(
      `seeding ${fmt(Math.max(objects, changes))} writes to ${fmt(objects)} objects, ` +
        `and twice ${fmt(viewObjects)} objects for the views`,
      () =>
        seedDatabase(database, {
          bucket: BUCKET,
          objects,
          changes,
          buckets: [
            { bucket: VIEW_BUCKET, objects: viewObjects },
            { bucket: SIMPLENOTE_BUCKET, objects: viewObjects, doc: simplenoteNote },
          ],
        }),
    );
    const server = await forkServer({ database, apps: [APP] });
    const rows: Row[] = [];
    try {
      const setup = clientSetup(server, seeded.token);
      const benchmarks = allBenchmarks(setup, {
        objects,
        changes,
        viewObjects,
        createdCv: seeded.createdCv,
        gc,
      });
      for (const key of BENCHMARK_KEYS) {
        if (!only.includes(key)) continue;
        rows.push(...(await step(benchmarks[key].name, benchmarks[key].run)));
      }
    } finally {
      await server.close();
    }
    console.log('');
    console.log(formatTable(rows));
    console.log('');
    console.log(
      `ratio = subject / baseline (heap: subject − baseline); ` +
        `${fmt((now() - started) / 1000, 0)} s in all; load average now ${loadavg()
          .map((l) => fmt(l, 1))
          .join(' ')}`,
    );
    const verdict = closingVerdict(rows);
    console.log(verdict.line);
    if (!verdict.ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (values.server === true) {
    console.log('');
    await serverBenchmarks();
  }
};

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  const child = fork(__filename, process.argv.slice(2), {
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  main(gc).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
