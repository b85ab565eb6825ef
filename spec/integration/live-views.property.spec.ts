/**
 * Live views under random interleavings of writers, against the real local server: two users
 * (objects shared between them, with and without write access) and three clients — the view's
 * own client of user A, another client of user A, and user B's — merge (with and without a
 * version), edit one text concurrently on the same version, replace, delete, create again, write
 * at the same time, send a write again (same ccid), share, and post bulk batches, while views
 * run, start late, join a running view and restart from a store.
 *
 * Once every write is answered, each view must reach its user's cursor with no write pending, and
 * then equal a fresh `GET {bucket}/index?data=1` for that user: every object decoded (or refused,
 * in `invalid`), with its version, and nothing else. On the way, a view's cursor never goes back,
 * and whatever it showed with no local write pending was the server's data of the version it
 * named.
 *
 * Seeded: LIVE_PROPERTY_SEED replays another seed, LIVE_PROPERTY_RUNS runs more; a failure prints
 * the seed and what happened in the failing run.
 */
import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import {
  Api,
  memoryStore,
  type LiveStore,
  type LiveView,
  type SimperiumError,
  type StoredView,
} from '../../lib';
import type { Bucket } from '../../lib/bucket';
import { fileStore } from '../../lib/node';
import { expectRight } from '../support/either';
import {
  ViewProbe,
  bulkChanges,
  canonical,
  describeView,
  differences,
  serverIndex,
  settledAt,
  type ServerIndex,
} from '../support/live-probe';
import {
  createUser,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../support/local-server';

const SEED = Number(process.env.LIVE_PROPERTY_SEED ?? 20_250_611);
const RUNS = Number(process.env.LIVE_PROPERTY_RUNS ?? 20);

/** A text, with `done` when known; a document without a string `text` is refused. */
const Item = t.intersection([t.type({ text: t.string }), t.partial({ done: t.boolean })]);
type Item = t.TypeOf<typeof Item>;

const once = <A>(obs$: Observable<A>): Promise<A> => firstValueFrom(obs$);

/** Rejects with `what()` when `promise` has not settled within `ms`: a deadline, not a wait. */
const within = <T>(promise: Promise<T>, what: () => string, ms = 8_000): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what()}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/* ---------- Scenarios ---------- */

type Writer = 'A1' | 'A2' | 'B';
const writer = fc.constantFrom<Writer>('A1', 'A2', 'B');
/**
 * Each writer's three objects: user A's a0, a1, a2; for user B, a0 (shared with write access), a1
 * (shared read only: B's writes to it are refused) and B's own b0.
 */
const slot = fc.integer({ min: 0, max: 2 });
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀'), maxLength: 6 });
const char = fc.constantFrom('X', 'Y', 'Z', 'ü', '🦄');

const merge = fc.record({
  kind: fc.constant('merge' as const),
  writer,
  slot,
  // A number for `text` makes a document the codec refuses.
  text: fc.option(
    fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.constant(7) }),
    {
      nil: undefined,
    },
  ),
  done: fc.option(fc.boolean(), { nil: undefined }),
  withVersion: fc.boolean(),
});
const replace = fc.record({
  kind: fc.constant('replace' as const),
  writer,
  slot,
  text,
  done: fc.boolean(),
});
const remove = fc.record({
  kind: fc.constant('delete' as const),
  writer,
  slot,
  withVersion: fc.boolean(),
});
const single = fc.oneof({ weight: 4, arbitrary: merge }, replace, remove);
const op = fc.oneof(
  { weight: 6, arbitrary: single },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      writers: fc.tuple(writer, writer),
      slot,
      inserts: fc.tuple(fc.tuple(fc.nat(8), char), fc.tuple(fc.nat(8), char)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      user: fc.constantFrom<'A' | 'B'>('A', 'B'),
      changes: fc.array(fc.record({ slot, remove: fc.boolean(), text }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('together' as const),
      ops: fc.array(single, { minLength: 2, maxLength: 3 }),
    }),
  },
  // The writer's last write Observable subscribed again: the same ccid, answered 409.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('again' as const), writer }) },
  // A shares a2 with B while B's view may be running.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('share' as const) }) },
);
type Single = typeof single extends fc.Arbitrary<infer O> ? O : never;
type Op = typeof op extends fc.Arbitrary<infer O> ? O : never;

const MAX_OPS = 12;
const scenario = fc.record({
  ops: fc.array(op, { minLength: 4, maxLength: MAX_OPS }),
  /** Before which op B's view starts, and a second subscriber joins A's view. */
  startB: fc.nat(MAX_OPS),
  joinA: fc.nat(MAX_OPS),
  /** The view of A's other client: its store, and before which ops it stops or starts again. */
  restart: fc.record({
    store: fc.constantFrom<'memory' | 'file'>('memory', 'file'),
    toggles: fc.uniqueArray(fc.nat(MAX_OPS), { maxLength: 4 }),
  }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/* ---------- The server, the users, and what views are checked against ---------- */

let remote: Remote;
let userA: TestUser;
let userB: TestUser;
let folder: string;
beforeAll(async () => {
  remote = await startRemote({ pollWindowMs: 25_000 });
  [userA, userB] = await Promise.all([createUser(remote), createUser(remote)]);
  folder = await mkdtemp(join(tmpdir(), 'live-property-'));
});
afterAll(async () => {
  await remote.close();
  await rm(folder, { recursive: true, force: true });
});

/** A store whose saves are recorded: the last one is what a restarted view must start from. */
const recording = (store: LiveStore) => {
  const saves: StoredView[] = [];
  const recorded: LiveStore = {
    load: (key) => store.load(key),
    save: (key, view) => {
      saves.push(view);
      return store.save(key, view);
    },
  };
  return { saves, store: recorded };
};

/** A stored snapshot in the shape of the server's index, to compare a view with. */
const asIndex = (stored: StoredView): ServerIndex => ({
  current: stored.cv,
  entries: new Map(
    Object.entries(stored.objects).map(([id, data]) => [
      id,
      { version: stored.versions[id] ?? -1, data: data as Record<string, unknown> },
    ]),
  ),
});

/** `GET {bucket}/i/{id}/v/{version}` as `user`: that version's data. */
const versionData = async (user: TestUser, bucket: string, id: string, version: number) => {
  const path = `${bucket}/i/${encodeURIComponent(id)}/v/${version}`;
  const res = await fetch(`${remote.url}/1/${remote.app.id}/${path}`, {
    headers: { 'X-Simperium-Token': user.accessToken },
  });
  return res.status === 200 ? (JSON.parse(await res.text()) as unknown) : `HTTP ${res.status}`;
};

interface ViewRecord {
  readonly label: string;
  readonly user: TestUser;
  readonly probe: ViewProbe<Item>;
}

/**
 * Whatever a view showed with no local write pending, it showed as the server's data of the
 * version it named (checked for the objects that exist at the end: a deleted object's versions
 * cannot be read); and its cursor never went back. Returns what broke either rule.
 */
const checkHistory = async (records: ReadonlyArray<ViewRecord>, bucket: string) => {
  const problems: string[] = [];
  const shown = new Map<string, { user: TestUser; id: string; version: number; data: string }>();
  for (const { label, user, probe } of records) {
    let cv: string | undefined;
    for (const view of probe.views) {
      if (view.cv !== undefined && cv !== undefined && view.cv < cv)
        problems.push(`view ${label}: cv went back from ${cv} to ${view.cv}`);
      cv = view.cv ?? cv;
      if (view.pending > 0) continue;
      for (const [id, object] of view.objects) {
        const version = view.versions.get(id) ?? -1;
        const key = `${user.userId} ${id} ${version}`;
        const data = canonical(object);
        const before = shown.get(key);
        if (before !== undefined && before.data !== data)
          problems.push(`view ${label}: ${id} v${version} shown as ${before.data} and ${data}`);
        shown.set(key, { user, id, version, data });
      }
    }
  }
  const alive = new Map<TestUser, ServerIndex>();
  for (const { user, id, version, data } of shown.values()) {
    const server = await versionData(user, bucket, id, version);
    // A deleted object's versions cannot be read until it is created again.
    if (server === 'HTTP 404') {
      const index = alive.get(user) ?? (await serverIndex(remote, user.accessToken, bucket));
      alive.set(user, index);
      if (!index.entries.has(id)) continue;
    }
    const decoded = Item.decode(server);
    if (E.isLeft(decoded) || canonical(decoded.right) !== data)
      problems.push(`${id} v${version} shown as ${data}; the server's: ${JSON.stringify(server)}`);
  }
  return problems;
};

/* ---------- One run ---------- */

const run = async (s: Scenario, runNumber: number): Promise<void> => {
  const name = randomBucket();
  const client = (user: TestUser) =>
    new Api(remote.app.id, user.accessToken, { baseUrl: remote.url });
  const apis = { A1: client(userA), A2: client(userA), B: client(userB) };
  const buckets: Record<Writer, Bucket<Item>> = {
    A1: apis.A1.bucket(name, Item),
    A2: apis.A2.bucket(name, Item),
    B: apis.B.bucket(name, Item),
  };
  const idOf = (w: Writer | 'A' | 'B', n: number): string =>
    w === 'B' ? ([`${userA.userId}/a0`, `${userA.userId}/a1`, 'b0'][n] ?? 'b0') : `a${n}`;
  /** The version each writer last got back for each object: what a write "with a version" sends. */
  const seen = new Map<string, number>();
  /** Each writer's last write, to subscribe to again. */
  const last = new Map<Writer, Observable<E.Either<SimperiumError, { version?: number }>>>();
  const log: string[] = [];

  // Before anything else (through clients without views): A's a0, a1, a2 and B's b0; a0 shared
  // with B with write access, a1 read only.
  const setup = { A: client(userA).bucket(name), B: client(userB).bucket(name) };
  for (const id of ['a0', 'a1', 'a2']) expectRight(await once(setup.A.post$(id, { text: id })));
  expectRight(await once(setup.B.post$('b0', { text: 'b0' })));
  expectRight(await once(setup.A.share$('a0', userB.username, { writeAccess: true })));
  expectRight(await once(setup.A.share$('a1', userB.username, { writeAccess: false })));

  const views: ViewRecord[] = []; // running
  const every: ViewRecord[] = []; // ever opened
  const open = (
    label: string,
    user: TestUser,
    view$: Observable<E.Either<SimperiumError, LiveView<Item>>>,
  ) => {
    const record = { label, user, probe: new ViewProbe<Item>(view$) };
    views.push(record);
    every.push(record);
    return record.probe;
  };

  const viewA = open('A', userA, buckets.A1.live$());
  const { store, saves } = recording(
    s.restart.store === 'memory' ? memoryStore() : fileStore(join(folder, `run${runNumber}.json`)),
  );
  let restartable: ViewProbe<Item> | undefined = open('A2', userA, buckets.A2.live$({ store }));
  const toggleRestartable = async () => {
    if (restartable !== undefined) {
      restartable.unsubscribe(); // saves its state at once
      const running = restartable;
      views.splice(
        views.findIndex((v) => v.probe === running),
        1,
      );
      restartable = undefined;
      log.push(`stop A2 at ${running.latest?.cv ?? 'no cursor'}`);
      return;
    }
    const saved = saves.at(-1);
    restartable = open('A2 again', userA, buckets.A2.live$({ store }));
    log.push(`start A2 from ${saved?.cv ?? 'nothing'}`);
    const first = await within(
      restartable.until(() => true),
      () => 'the restarted view',
    );
    if (saved !== undefined) {
      // Exactly the snapshot saved when it stopped, first.
      expect(first.cv).toBe(saved.cv);
      expect(differences(first, asIndex(saved), Item)).toEqual([]);
    }
  };

  const result = (r: E.Either<SimperiumError, { version?: number }>) =>
    E.isRight(r)
      ? `v${r.right.version ?? '?'}`
      : `${r.left._tag}${'status' in r.left ? ` ${r.left.status}` : ''}`;

  const write = async (o: Single): Promise<void> => {
    const id = idOf(o.writer, o.slot);
    const key = `${o.writer} ${id}`;
    const version = o.kind !== 'replace' && o.withVersion ? seen.get(key) : undefined;
    const options = version === undefined ? {} : { version };
    if (o.kind === 'delete') {
      const delete$ = buckets[o.writer].delete$(id, options);
      last.set(o.writer, delete$);
      const r = await once(delete$);
      log.push(`${o.writer} delete ${id} v${version ?? '-'}: ${result(r)}`);
      return;
    }
    let data: Record<string, unknown>;
    if (o.kind === 'replace') data = { text: o.text, done: o.done };
    else {
      data = {};
      if (o.text !== undefined) data.text = o.text;
      if (o.done !== undefined) data.done = o.done;
      if (Object.keys(data).length === 0) data.done = true;
    }
    const post$ = buckets[o.writer].post$(id, data as Partial<Item>, {
      ...options,
      replace: o.kind === 'replace',
    });
    last.set(o.writer, post$);
    const r = await once(post$);
    if (E.isRight(r) && r.right.version !== undefined) seen.set(key, r.right.version);
    log.push(
      `${o.writer} ${o.kind} ${id} ${JSON.stringify(data)} v${version ?? '-'}: ${result(r)}`,
    );
  };

  const apply = async (o: Op): Promise<void> => {
    switch (o.kind) {
      case 'merge':
      case 'replace':
      case 'delete':
        return write(o);
      case 'together':
        log.push('together:');
        await Promise.all(o.ops.map(write));
        return;
      case 'again': {
        const again$ = last.get(o.writer);
        if (again$ !== undefined) log.push(`${o.writer} again: ${result(await once(again$))}`);
        return;
      }
      case 'share': {
        const r = await once(buckets.A2.share$('a2', userB.username));
        log.push(`A shares a2 with B: ${E.isRight(r) ? 'ok' : r.left._tag}`);
        return;
      }
      case 'edit': {
        // Two writers edit the text of one version of one object; the server merges the second.
        // With B among them, that object is the shared a0 (B's own b0 is B's alone).
        const [first, second] = o.writers;
        const n = first === 'B' || second === 'B' ? 0 : o.slot;
        const read = await once(
          client(first === 'B' ? userB : userA)
            .bucket(name)
            .get$(idOf(first, n)),
        );
        if (E.isLeft(read)) {
          log.push(`edit ${idOf(first, n)}: nothing to edit`);
          return;
        }
        const { version } = read.right;
        const base = typeof read.right.data.text === 'string' ? read.right.data.text : '';
        const results: string[] = [];
        for (const [i, w] of [first, second].entries()) {
          const [at, insert] = o.inserts[i] ?? [0, 'X'];
          const points = Array.from(base);
          const edited = [...points.slice(0, at), insert, ...points.slice(at)].join('');
          results.push(
            result(await once(buckets[w].post$(idOf(w, n), { text: edited }, { version }))),
          );
        }
        log.push(
          `edit a${n} v${version} (${JSON.stringify(base)}) by ${first}, ${second}: ${results.join(', ')}`,
        );
        return;
      }
      case 'batch': {
        const user = o.user === 'A' ? userA : userB;
        const changes = o.changes.map((c) => {
          const id = idOf(o.user, c.slot);
          return c.remove ? { id, o: '-' } : { id, o: 'M', d: { text: c.text } };
        });
        const results = await bulkChanges(remote, user.accessToken, name, changes);
        log.push(
          `${o.user} batch ${JSON.stringify(changes)}: ${results.map((r) => r.error ?? `v${String(r.ev)}`).join(', ')}`,
        );
        return;
      }
    }
  };

  try {
    for (const [i, o] of s.ops.entries()) {
      if (i === s.startB) open('B', userB, buckets.B.live$());
      if (i === s.joinA) {
        // A second subscriber of A's view gets its current state at once.
        const current = viewA.latest;
        const joined = open('A joined', userA, buckets.A1.live$());
        const first = await within(
          joined.until(() => true),
          () => 'the joining subscriber',
        );
        if (current !== undefined) expect(first.cv).toBe(current.cv);
        expect(first).toBe(viewA.latest);
      }
      if (s.restart.toggles.includes(i)) await toggleRestartable();
      await apply(o);
    }
    if (restartable === undefined) await toggleRestartable();
    if (!views.some((v) => v.label === 'B')) open('B', userB, buckets.B.live$());

    // Every write is answered: each view must reach its user's cursor, then equal the server.
    for (const { label, user, probe } of views) {
      const index = await serverIndex(remote, user.accessToken, name);
      const settled = await within(
        probe.until(settledAt(index.current)),
        () => `view ${label} settled at ${index.current}; it is ${describeView(probe.latest)}`,
      );
      expect({ view: label, differences: differences(settled, index, Item) }).toEqual({
        view: label,
        differences: [],
      });
    }
    expect(await checkHistory(every, name)).toEqual([]);
  } catch (e) {
    throw new Error(
      `${(e as Error).message}\nrun ${runNumber}, what happened:\n  ${log.join('\n  ')}`,
    );
  } finally {
    for (const { probe } of views) probe.unsubscribe();
  }
};

describe('live views under random interleavings of writers', () => {
  it(`should equal the server's index for each user once caught up (seed ${SEED}, ${RUNS} runs)`, async () => {
    let runNumber = 0;
    const outcome = await fc.check(
      fc.asyncProperty(scenario, (s) => run(s, ++runNumber)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (outcome.failed) {
      const cause = outcome.errorInstance;
      throw new Error(
        `seed ${SEED} (LIVE_PROPERTY_SEED=${SEED} replays it), run ${outcome.numRuns}: ` +
          `${cause instanceof Error ? cause.message : String(cause)}\n` +
          `scenario: ${fc.stringify(outcome.counterexample)}`,
      );
    }
  }, 120_000);
});
