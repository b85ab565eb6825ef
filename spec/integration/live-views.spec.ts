/**
 * Live views (`bucket.live$`) against the real local server, over HTTP: the snapshot and the feed
 * after it, reads of stale objects, deletions, documents the codec refuses, sharing between
 * subscribers, optimistic local writes, stores that resume, network faults and refused
 * credentials. Every wait is for an event (an emission, a held poll, a completion), never a timer.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray, lastValueFrom, type Observable } from 'rxjs';
import {
  Api,
  memoryStore,
  type LiveStore,
  type LiveView,
  type RequestLogEvent,
  type SimperiumError,
  type StoredView,
} from '../../lib';
import { fileStore } from '../../lib/node';
import { expectLeft, expectRight } from '../support/either';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { ViewProbe, bulkChanges, differences, serverIndex, settledAt } from '../support/live-probe';
import {
  authFor,
  createUser,
  describeLocalOnly,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../support/local-server';
import { until } from '../support/server-http';

const Todo = t.type({ text: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;
const todo = (text: string, done = false): Todo => ({ text, done });

const once = <A>(obs$: Observable<A>): Promise<A> => firstValueFrom(obs$);

let remote: Remote;
beforeAll(async () => {
  // A long window: a quiet feed stays held, so held-poll counts and emissions are exact.
  remote = await startRemote({ pollWindowMs: 25_000 });
});
afterAll(() => remote.close());

/** Every probe a test opened is closed after it, pass or fail. */
const probes: ViewProbe<unknown>[] = [];
const probe = <A>(view$: Observable<E.Either<SimperiumError, LiveView<A>>>) => {
  const p = new ViewProbe<A>(view$);
  probes.push(p as ViewProbe<unknown>);
  return p;
};
afterEach(() => {
  for (const p of probes.splice(0)) p.unsubscribe();
});

/** Another client of the same user: its writes are not the view's local writes. */
const otherClient = (user: TestUser, options: ConstructorParameters<typeof Api>[2] = {}): Api =>
  new Api(remote.app.id, user.accessToken, { baseUrl: remote.url, ...options });

/** A user whose requests are logged (the view's client), and the log. */
const loggedUser = async () => {
  const events: RequestLogEvent[] = [];
  const user = await createUser(remote, { log: (e) => events.push(e) });
  const requests = (path: string) => events.filter((e) => new URL(e.url).pathname.endsWith(path));
  return { user, events, requests };
};

const isLive = (view: LiveView<unknown>) => view.status === 'live';

/** Resolves once the view is live, current to the server's cursor, with no write pending. */
const caughtUp = async <A>(p: ViewProbe<A>, user: TestUser, bucket: string) => {
  const { current } = await serverIndex(remote, user.accessToken, bucket);
  return p.until(settledAt(current));
};

/** Expects the view to equal the server's index for `user`. */
const expectServerState = async <A>(
  view: LiveView<A>,
  user: TestUser,
  bucket: string,
  codec: t.Decoder<unknown, A>,
) => {
  const index = await serverIndex(remote, user.accessToken, bucket);
  expect(differences(view, index, codec)).toEqual([]);
  expect(view.cv).toBe(index.current);
};

describe('live$: snapshot, then follow', () => {
  it('should show the objects written before in its first live view, at the index cursor, then each later write', async () => {
    const { user, requests } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    const a = expectRight(await once(writer.new$(todo('a'))));
    const b = expectRight(await once(writer.new$(todo('b'))));
    expectRight(await once(writer.post$(b, { done: true })));
    const { current } = await serverIndex(remote, user.accessToken, name);

    const view = probe(user.api.bucket(name, Todo).live$());
    const live = await view.until(isLive);
    expect(view.views.map((v) => v.status)).toEqual(['loading', 'live']);
    expect(view.views[0]?.objects.size).toBe(0);
    expect(live.cv).toBe(current);
    expect(Object.fromEntries(live.objects)).toEqual({ [a]: todo('a'), [b]: todo('b', true) });
    expect(Object.fromEntries(live.versions)).toEqual({ [a]: 1, [b]: 2 });
    expect(live.pending).toBe(0);
    expect(live.invalid.size).toBe(0);

    expectRight(await once(writer.post$(a, { text: 'a2' })));
    const c = expectRight(await once(writer.new$(todo('c'))));
    const after = await view.until((v) => v.versions.get(a) === 2 && v.versions.has(c));
    expect(after.objects.get(a)).toEqual(todo('a2'));
    expect(after.objects.get(c)).toEqual(todo('c'));
    expect(after.versions.get(b)).toBe(2);
    await expectServerState(after, user, name, Todo);

    // The feed started at the index's cursor: no gap, and nothing read twice.
    expect(requests('/index')).toHaveLength(1);
    const feed = requests('/changes');
    expect(new URL(feed[0]?.url ?? '').searchParams.get('cv')).toBe(current);
  });

  it('should lose nothing written while it reads the index page by page', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    for (let i = 0; i < 9; i++) expectRight(await once(writer.post$(`o${i}`, todo(`o${i}`))));
    // Most recently modified first, pages of 3: o8 o7 o6, o5 o4 o3, o2 o1 o0. Before the second
    // page is sent: o8 (read already) and o2 (not yet, and now first) change, o5 goes, and a new
    // object comes.
    let pages = 0;
    const between = async () => {
      expectRight(await once(writer.post$('o8', { done: true })));
      expectRight(await once(writer.post$('o2', { text: 'moved' })));
      expectRight(await once(writer.delete$('o5')));
      expectRight(await once(writer.post$('late', todo('late'))));
    };
    const viewer = otherClient(user, {
      fetch: async (url, init) => {
        if (new URL(url).pathname.endsWith('/index') && (pages += 1) === 2) await between();
        return fetch(url, init);
      },
    });

    const view = probe(viewer.bucket(name, Todo).live$({ pageSize: 3 }));
    await view.until(isLive); // the index is read: the writes between its pages are done
    expect(pages).toBe(3);
    const settled = await caughtUp(view, user, name);
    expect(settled.objects.get('o8')).toEqual(todo('o8', true));
    expect(settled.objects.get('o2')).toEqual(todo('moved'));
    expect(settled.versions.get('o2')).toBe(2);
    expect(settled.objects.has('o5')).toBe(false);
    expect(settled.objects.get('late')).toEqual(todo('late'));
    expect(settled.objects.size).toBe(9);
    await expectServerState(settled, user, name, Todo);
  });

  it('should emit once for a burst of changes written in one bulk request, and end right', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    const first = expectRight(await once(writer.new$(todo('first'))));
    const view = probe(user.api.bucket(name, Todo).live$());
    await view.until((v) => isLive(v) && v.objects.has(first));

    // One transaction: whether the feed is held or between requests, one answer carries them all.
    const n = 40;
    const before = view.values.length;
    const results = await bulkChanges(
      remote,
      user.accessToken,
      name,
      Array.from({ length: n }, (_, i) => ({ id: `burst${i}`, o: 'M', d: todo(`item ${i}`) })),
    );
    expect(results.filter((r) => 'error' in r)).toEqual([]);
    const done = await view.until((v) => v.objects.size === n + 1);
    const emitted = view.values.length - before;
    expect(emitted).toBeLessThan(n);
    expect(emitted).toBe(1);
    expect(done.objects.get('burst7')).toEqual(todo('item 7'));
    expect([...done.versions.values()].every((v) => v === 1)).toBe(true);
    await expectServerState(done, user, name, Todo);
  });

  it('should read an object again when a change was not made on the version it holds', async () => {
    const { user, requests } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('one'))));
    expectRight(await once(writer.post$('x', { text: 'two' })));
    const [, second] = (await lastValueFrom(writer.changes$().pipe(take(2), toArray()))).map(
      expectRight,
    );
    // A snapshot at the cursor of version 2 that still holds version 1 of `x`.
    const store = memoryStore();
    const stale: StoredView = {
      cv: second?.cv ?? '',
      objects: { x: todo('one') },
      versions: { x: 1 },
    };
    await store.save('k', stale);

    const view = probe(user.api.bucket(name, Todo).live$({ store, storeKey: 'k' }));
    const resumed = await view.until(isLive);
    expect(resumed.cv).toBe(stale.cv);
    expect(resumed.objects.get('x')).toEqual(todo('one'));

    expectRight(await once(writer.post$('x', { done: true }))); // sv 2, and the view holds 1
    const read = await view.until((v) => v.versions.get('x') === 3);
    expect(read.objects.get('x')).toEqual(todo('two', true));
    expect(requests('/i/x').map((e) => [e.method, e.status])).toEqual([['GET', 200]]);
    expect(requests('/index')).toHaveLength(0);
    await expectServerState(read, user, name, Todo);
  });

  it('should drop an object it reads again when the server no longer has it', async () => {
    const { user, requests } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('one'))));
    expectRight(await once(writer.post$('x', { text: 'two' })));
    expectRight(await once(writer.post$('y', todo('y'))));
    const [, second] = (await lastValueFrom(writer.changes$().pipe(take(2), toArray()))).map(
      expectRight,
    );
    const store = memoryStore();
    await store.save('k', {
      cv: second?.cv ?? '',
      objects: { x: todo('one') },
      versions: { x: 1 },
    });
    const view = probe(user.api.bucket(name, Todo).live$({ store, storeKey: 'k' }));
    await view.until(isLive);

    // One answer: x changed from version 2 (not held: read again), then deleted.
    const results = await bulkChanges(remote, user.accessToken, name, [
      { id: 'x', o: 'M', d: todo('three') },
      { id: 'x', o: '-' },
    ]);
    expect(results.map((r) => r.ev)).toEqual([3, 4]);
    const settled = await caughtUp(view, user, name);
    expect(settled.versions.has('x')).toBe(false);
    expect(settled.objects.has('x')).toBe(false);
    expect(requests('/i/x').map((e) => [e.method, e.status])).toEqual([['GET', 404]]);
    await expectServerState(settled, user, name, Todo);
  });

  it('should drop a deleted object, and show it again when it is created again', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    expectRight(await once(writer.post$('y', todo('y'))));
    const view = probe(user.api.bucket(name, Todo).live$());
    await view.until((v) => isLive(v) && v.objects.size === 2);

    expectRight(await once(writer.delete$('x')));
    const gone = await view.until((v) => !v.versions.has('x'));
    expect(gone.objects.has('x')).toBe(false);
    expect(gone.objects.get('y')).toEqual(todo('y'));

    expectRight(await once(writer.post$('x', todo('again', true))));
    const back = await view.until((v) => v.versions.has('x'));
    expect(back.objects.get('x')).toEqual(todo('again', true));
    expect(back.versions.get('x')).toBe(3); // created 1, deleted 2, created again 3
    await expectServerState(back, user, name, Todo);
  });

  it('should hold documents the codec refuses in invalid, with their id, go on, and take them back once fixed', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const loose = otherClient(user).bucket(name); // any JSON object
    expectRight(await once(loose.post$('early', { text: 1 })));
    expectRight(await once(loose.post$('ok', todo('ok'))));
    const view = probe(user.api.bucket(name, Todo).live$());
    const live = await view.until(isLive);
    expect([...live.objects.keys()]).toEqual(['ok']);
    expect(live.invalid.get('early')).toEqual(
      expect.objectContaining({ _tag: 'DecodeError', id: 'early' }),
    );
    expect(live.versions.get('early')).toBe(1);

    expectRight(await once(loose.post$('late', { text: 'no done' })));
    const refused = await view.until((v) => v.invalid.has('late'));
    expect(refused.objects.has('late')).toBe(false);
    expect(refused.invalid.get('late')?.messages.length).toBeGreaterThan(0);

    expectRight(await once(loose.post$('after', todo('after'))));
    await view.until((v) => v.objects.has('after')); // the view goes on

    expectRight(await once(loose.post$('late', { done: true })));
    expectRight(await once(loose.post$('early', { text: 'fixed', done: false })));
    const fixed = await view.until((v) => v.objects.has('late') && v.objects.has('early'));
    expect(fixed.invalid.size).toBe(0);
    expect(fixed.objects.get('late')).toEqual(todo('no done', true));
    expect(fixed.objects.get('early')).toEqual(todo('fixed'));
    await expectServerState(fixed, user, name, Todo);
  });
});

describeLocalOnly('live$: shared by the subscribers of one bucket object', () => {
  let own: Remote;
  beforeAll(async () => {
    own = await startRemote({ pollWindowMs: 25_000 }); // its held polls are this test's only
  });
  afterAll(() => own.close());

  it('should share one index read and one feed, give a late subscriber the current view at once, and release the poll when the last one leaves', async () => {
    const server = own.local!;
    const events: RequestLogEvent[] = [];
    const user = await createUser(own, { log: (e) => events.push(e) });
    const count = (path: string) =>
      events.filter((e) => new URL(e.url).pathname.endsWith(path)).length;
    const name = randomBucket();
    const writer = new Api(own.app.id, user.accessToken, { baseUrl: own.url }).bucket(name, Todo);
    const a = expectRight(await once(writer.new$(todo('a'))));
    const bucket = user.api.bucket(name, Todo);

    const first = probe(bucket.live$());
    const live = await first.until(isLive);
    await until(() => server.stats().heldPolls === 1);

    const late = probe(bucket.live$());
    const joined = await late.until(() => true);
    expect(late.views).toHaveLength(1);
    expect(joined).toBe(live); // the current view itself, already live, with the objects
    expect(joined.objects.get(a)).toEqual(todo('a'));

    const b = expectRight(await once(writer.new$(todo('b'))));
    await Promise.all([first, late].map((p) => p.until((v) => v.objects.has(b))));
    expect(first.latest).toBe(late.latest);
    await until(() => server.stats().heldPolls === 1);
    expect(server.stats().heldPolls).toBe(1);
    expect(count('/index')).toBe(1);
    expect(count('/changes')).toBe(1); // the one answered poll, for both subscribers

    first.unsubscribe();
    expect(server.stats().heldPolls).toBe(1); // the late subscriber still follows
    const c = expectRight(await once(writer.new$(todo('c'))));
    await late.until((v) => v.objects.has(c));

    late.unsubscribe();
    await until(() => server.stats().heldPolls === 0);
    expect(server.stats().heldPolls).toBe(0);

    // Started again: from the bucket object's own memory store, without reading the index.
    const again = probe(bucket.live$());
    const resumed = await again.until(() => true);
    expect(resumed.objects.size).toBe(3);
    await again.until(isLive);
    expect(count('/index')).toBe(1);
  });
});

describe('live$: optimistic local writes', () => {
  it('should show post$, new$ and delete$ at once, count them as pending, and settle on the server', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    expectRight(await once(writer.post$('y', todo('y'))));
    const bucket = user.api.bucket(name, Todo);
    const view = probe(bucket.live$());
    await view.until((v) => isLive(v) && v.objects.size === 2);

    // Each write shows as soon as it is subscribed to: no answer can have arrived yet.
    const posted = once(bucket.post$('x', { done: true }));
    expect(view.latest?.objects.get('x')).toEqual(todo('x', true));
    expect(view.latest?.versions.get('x')).toBe(1); // the server's version, not yet moved
    expect(view.latest?.pending).toBe(1);

    const before = new Set(view.latest?.objects.keys());
    const created = once(bucket.new$(todo('new')));
    const shown = [...(view.latest?.objects.keys() ?? [])].filter((id) => !before.has(id));
    expect(shown).toHaveLength(1);
    expect(view.latest?.objects.get(shown[0] ?? '')).toEqual(todo('new'));
    expect(view.latest?.pending).toBe(2);

    const deleted = once(bucket.delete$('y'));
    expect(view.latest?.objects.has('y')).toBe(false);
    expect(view.latest?.pending).toBe(3);

    expect(expectRight(await posted).version).toBe(2);
    const id = expectRight(await created);
    expect(id).toBe(shown[0]);
    expectRight(await deleted);
    const settled = await caughtUp(view, user, name);
    expect(Object.fromEntries(settled.objects)).toEqual({ x: todo('x', true), [id]: todo('new') });
    expect(Object.fromEntries(settled.versions)).toEqual({ x: 2, [id]: 1 });
    await expectServerState(settled, user, name, Todo);
  });

  it('should show a write as it is sent: keys left undefined are not sent, so not shown', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(otherClient(user).bucket(name, Todo).post$('x', todo('x'))));
    const bucket = user.api.bucket(name, Todo);
    const view = probe(bucket.live$());
    await view.until((v) => isLive(v) && v.objects.has('x'));

    const form: Partial<Todo> = { text: undefined, done: true }; // a field the user left alone
    const posted = once(bucket.post$('x', form));
    expect(view.latest?.objects.get('x')).toEqual(todo('x', true));
    expect(view.latest?.invalid.has('x')).toBe(false);
    expectRight(await posted);
    const settled = await caughtUp(view, user, name);
    expect(settled.objects.get('x')).toEqual(todo('x', true));

    // Data that cannot be sent at all is refused before any request, and never shown.
    const cyclic: Record<string, unknown> = { text: 'loop' };
    cyclic.self = cyclic;
    const emitted = view.values.length;
    expectLeft(await once(bucket.post$('x', cyclic as Partial<Todo>)), 'InvalidArgumentError');
    expect(view.values.length).toBe(emitted);
  });

  it('should settle a write sent again with the same ccid after the view saw it applied', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const other = otherClient(user).bucket(name, Todo);
    expectRight(await once(other.post$('x', todo('x'))));
    const bucket = user.api.bucket(name, Todo);
    const view = probe(bucket.live$());
    await view.until((v) => isLive(v) && v.objects.has('x'));

    const write$ = bucket.post$('x', { text: 'mine' }); // one ccid, fixed now
    expect(expectRight(await once(write$)).version).toBe(2);
    await view.until((v) => v.versions.get('x') === 2 && v.pending === 0);

    // Sent again (a retry after a lost answer, say): the server answers 409, nothing changes.
    const again = expectRight(await once(write$));
    expect(again.changed).toBe(true);
    expect(view.latest?.pending).toBe(0);
    expect(view.latest?.objects.get('x')).toEqual(todo('mine'));

    // A later edit from elsewhere shows: no stale local write hides it.
    expectRight(await once(other.post$('x', { text: 'theirs' })));
    const after = await view.until((v) => v.versions.get('x') === 3);
    expect(after.objects.get('x')).toEqual(todo('theirs'));
    expect(after.pending).toBe(0);
  });

  it('should end with the text the server merged when another client edited the same version', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const other = otherClient(user).bucket(name, Todo);
    expectRight(await once(other.post$('x', todo('AC'))));
    const bucket = user.api.bucket(name, Todo);
    const view = probe(bucket.live$());
    await view.until((v) => v.versions.get('x') === 1 && isLive(v));

    expect(expectRight(await once(other.post$('x', { text: 'ACD' }, { version: 1 }))).version).toBe(
      2,
    );
    const mine = once(bucket.post$('x', { text: 'ABC' }, { version: 1 }));
    expect(view.latest?.objects.get('x')?.text).toBe('ABC'); // shown at once
    expect(view.latest?.pending).toBe(1);
    expect(expectRight(await mine).version).toBe(3);

    const merged = await view.until((v) => v.versions.get('x') === 3 && v.pending === 0);
    expect(merged.objects.get('x')).toEqual(todo('ABCD'));
    await expectServerState(merged, user, name, Todo);
  });

  it('should roll back a write the server refuses', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const other = otherClient(user).bucket(name, Todo);
    expectRight(await once(other.post$('x', todo('one'))));
    expectRight(await once(other.post$('x', { text: 'two' })));
    const bucket = user.api.bucket(name, Todo);
    const view = probe(bucket.live$());
    const live = await view.until((v) => v.versions.get('x') === 2 && isLive(v));

    // A delete of a version that is no longer current: 412.
    const stale = once(bucket.delete$('x', { version: 1 }));
    expect(view.latest?.objects.has('x')).toBe(false);
    expect(view.latest?.pending).toBe(1);
    expect(expectLeft(await stale, 'HttpError').status).toBe(412);
    expect(view.latest?.objects.get('x')).toEqual(todo('two'));
    expect(view.latest?.pending).toBe(0);

    // A write on a version of an object that does not exist: 404.
    const missing = once(bucket.post$('nope', todo('never'), { version: 4 }));
    expect(view.latest?.objects.get('nope')).toEqual(todo('never'));
    expect(expectLeft(await missing, 'HttpError').status).toBe(404);
    expect(view.latest?.objects.has('nope')).toBe(false);
    expect(view.latest?.pending).toBe(0);

    // A merge on top of a failed delete of the same object: only the delete is undone.
    const gone = once(bucket.delete$('x', { version: 1 }));
    const kept = once(bucket.post$('x', { done: true }));
    // Shown: deleted, then `{ done: true }` alone, which the codec refuses.
    expect(view.latest?.objects.has('x')).toBe(false);
    expect(view.latest?.invalid.has('x')).toBe(true);
    expectLeft(await gone, 'HttpError');
    expect(view.latest?.objects.get('x')).toEqual(todo('two', true));
    expect(view.latest?.invalid.has('x')).toBe(false);
    expect(expectRight(await kept).version).toBe(3);
    const settled = await caughtUp(view, user, name);
    expect(settled.objects.get('x')).toEqual(todo('two', true));
    expect(Object.fromEntries(settled.objects)).toEqual({ x: todo('two', true) });
    expect(settled.cv).not.toBe(live.cv);
    await expectServerState(settled, user, name, Todo);
  });
});

/** The fileStores' folders, removed after the specs. */
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

/** A store whose saves are recorded (and can be awaited). */
const recording = (store: LiveStore) => {
  const saves: { key: string; view: StoredView; done: Promise<void> }[] = [];
  const recorded: LiveStore = {
    load: (key) => store.load(key),
    save: (key, view) => {
      const done = store.save(key, view);
      saves.push({ key, view, done });
      return done;
    },
  };
  return { store: recorded, saves };
};

describe.each([
  ['memoryStore', async () => memoryStore()],
  [
    'fileStore',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'live-views-'));
      folders.push(folder);
      return fileStore(join(folder, 'views.json'));
    },
  ],
] as const)('live$ resumed from a %s', (_kind, makeStore) => {
  it('should emit the saved snapshot first and catch up with exactly the changes it missed, without reading the index', async () => {
    const { user, requests, events } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    const a = expectRight(await once(writer.new$(todo('a'))));
    const b = expectRight(await once(writer.new$(todo('b'))));
    const { store, saves } = recording(await makeStore());

    const first = probe(user.api.bucket(name, Todo).live$({ store }));
    await first.until((v) => isLive(v) && v.objects.size === 2);
    expectRight(await once(writer.post$(a, { done: true })));
    const stopped = await first.until((v) => v.versions.get(a) === 2);
    first.unsubscribe();
    await Promise.all(saves.map((s) => s.done));
    expect(saves.at(-1)?.view.cv).toBe(stopped.cv);

    // Missed while stopped: an edit, a deletion, a creation.
    expectRight(await once(writer.post$(a, { text: 'a2' })));
    expectRight(await once(writer.delete$(b)));
    const c = expectRight(await once(writer.new$(todo('c'))));
    events.length = 0;

    const resumed = probe(user.api.bucket(name, Todo).live$({ store }));
    const caught = await caughtUp(resumed, user, name);
    const [snapshot, ...rest] = resumed.views;
    expect(snapshot?.cv).toBe(stopped.cv);
    expect(Object.fromEntries(snapshot?.objects ?? [])).toEqual(
      Object.fromEntries(stopped.objects),
    );
    expect(Object.fromEntries(snapshot?.versions ?? [])).toEqual(
      Object.fromEntries(stopped.versions),
    );
    // The snapshot (loading, then live), then one answer with the three changes missed.
    expect(rest.map((v) => [v.status, v.cv === stopped.cv])).toEqual([
      ['live', true],
      ['live', false],
    ]);
    expect(Object.fromEntries(caught.objects)).toEqual({ [a]: todo('a2', true), [c]: todo('c') });
    expect(Object.fromEntries(caught.versions)).toEqual({ [a]: 3, [c]: 1 });
    await expectServerState(caught, user, name, Todo);
    expect(requests('/index')).toHaveLength(0);
    expect(new URL(requests('/changes')[0]?.url ?? '').searchParams.get('cv')).toBe(stopped.cv);
  });

  it.each([
    ['a cursor the server never issued', async () => 'ffffffffffffffffffffffff'],
    [
      "another bucket's cursor",
      async (user: TestUser) => {
        const other = randomBucket();
        expectRight(await once(user.api.bucket(other).post$('o', { text: 'elsewhere' })));
        return (await serverIndex(remote, user.accessToken, other)).current;
      },
    ],
  ])('should read the index again from %s, and end right', async (_what, cursor) => {
    const { user, requests } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    const a = expectRight(await once(writer.new$(todo('a'))));
    const store = await makeStore();
    const saved: StoredView = {
      cv: await cursor(user),
      objects: { ghost: todo('gone long ago'), [a]: todo('old a') },
      versions: { ghost: 4, [a]: 1 },
    };
    await store.save('key', saved);

    const view = probe(user.api.bucket(name, Todo).live$({ store, storeKey: 'key' }));
    const settled = await caughtUp(view, user, name);
    expect(view.views[0]?.cv).toBe(saved.cv);
    expect(view.views[0]?.objects.get('ghost')).toEqual(todo('gone long ago'));
    expect(view.views.map((v) => v.status)).toContain('loading');
    expect(Object.fromEntries(settled.objects)).toEqual({ [a]: todo('a') });
    await expectServerState(settled, user, name, Todo);
    expect(requests('/index')).toHaveLength(1);
  });

  it('should resume from the save of a view that just stopped, when started again at once', async () => {
    const { user, requests } = await loggedUser();
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    const store = await makeStore();
    const bucket = user.api.bucket(name, Todo);
    const first = probe(bucket.live$({ store }));
    await first.until(isLive);
    expectRight(await once(writer.post$('x', { done: true })));
    const stopped = await first.until((v) => v.versions.get('x') === 2);
    first.unsubscribe(); // saves; the next subscriber comes before that save is done

    const again = probe(bucket.live$({ store }));
    const resumed = await again.until(() => true);
    expect(resumed.cv).toBe(stopped.cv);
    expect(resumed.versions.get('x')).toBe(2);
    await caughtUp(again, user, name);
    expect(requests('/index')).toHaveLength(1);
  });

  it('should save at once when the last subscriber leaves, not saveInterval later', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    const { store, saves } = recording(await makeStore());
    const view = probe(user.api.bucket(name, Todo).live$({ store, saveInterval: 600_000 }));
    await view.until(isLive);
    expectRight(await once(writer.post$('x', { done: true })));
    const last = await view.until((v) => v.versions.get('x') === 2);
    expect(saves).toHaveLength(0); // throttled: nothing saved yet

    view.unsubscribe();
    expect(saves).toHaveLength(1);
    await saves[0]?.done;
    const held = await store.load(saves[0]?.key ?? '');
    expect(held?.cv).toBe(last.cv);
    expect(held?.versions).toEqual({ x: 2 });
    expect(held?.objects).toEqual({ x: todo('x', true) });
  });
});

describe('live$ with a store that fails', () => {
  it('should read the index when the store cannot load, and save again after a failed save', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const writer = otherClient(user).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    const attempts: { view: StoredView; settle: (ok: boolean) => void }[] = [];
    let attempted: (n: number) => void = () => undefined;
    const store: LiveStore = {
      load: () => Promise.reject(new Error('the disk is gone')),
      save: (_key, saved) =>
        new Promise<void>((resolve, reject) => {
          attempts.push({
            view: saved,
            settle: (ok) => (ok ? resolve() : reject(new Error('the disk is full'))),
          });
          attempted(attempts.length);
        }),
    };
    const nthSave = (n: number) =>
      new Promise<void>((resolve) => {
        attempted = (count) => {
          if (count >= n) resolve();
        };
        if (attempts.length >= n) resolve();
      });
    const view = probe(user.api.bucket(name, Todo).live$({ store, saveInterval: 1 }));
    const live = await view.until((v) => isLive(v) && v.objects.has('x'));

    await nthSave(1);
    expect(attempts[0]?.view.cv).toBe(live.cv);
    attempts[0]?.settle(false);

    expectRight(await once(writer.post$('x', { done: true })));
    const changed = await view.until((v) => v.versions.get('x') === 2);
    await nthSave(2);
    expect(attempts[1]?.view.cv).toBe(changed.cv);
    expect(attempts[1]?.view.objects).toEqual({ x: todo('x', true) });
    attempts[1]?.settle(true);
    expect(view.values.every(E.isRight)).toBe(true);
  });
});

describe('live$ with an invalid option', () => {
  it('should emit one Left InvalidArgumentError and complete, sending nothing', async () => {
    const { user, events } = await loggedUser();
    const view = probe(user.api.bucket(randomBucket(), Todo).live$({ saveInterval: -1 }));
    await view.completed;
    expect(view.values).toHaveLength(1);
    expect(expectLeft(view.values[0] ?? E.right(undefined), 'InvalidArgumentError').argument).toBe(
      'saveInterval',
    );
    expect(events).toHaveLength(0);
  });
});

describeLocalOnly('live$ across quiet long-poll windows', () => {
  let own: Remote;
  beforeAll(async () => {
    own = await startRemote({ pollWindowMs: 200 }); // a quiet poll is answered [] soon
  });
  afterAll(() => own.close());

  it('should emit nothing for empty answers, and go on following', async () => {
    let empty = 0;
    let counted: () => void = () => undefined;
    const user = await createUser(own, {
      log: (e) => {
        if (new URL(e.url).pathname.endsWith('/changes') && e.status === 200) {
          empty += 1;
          counted();
        }
      },
    });
    const answers = (n: number) =>
      new Promise<void>((resolve) => {
        counted = () => {
          if (empty >= n) resolve();
        };
        counted();
      });
    const name = randomBucket();
    const writer = new Api(own.app.id, user.accessToken, { baseUrl: own.url }).bucket(name, Todo);
    expectRight(await once(writer.post$('x', todo('x'))));
    const view = probe(user.api.bucket(name, Todo).live$());
    const live = await view.until((v) => isLive(v) && v.objects.has('x'));
    const emitted = view.values.length;

    // Two windows pass with nothing to send: the first answer was applied before the second
    // request went out.
    await answers(2);
    expect(view.values.length).toBe(emitted);
    expect(view.latest).toBe(live);

    expectRight(await once(writer.post$('x', { done: true })));
    const after = await view.until((v) => v.versions.get('x') === 2);
    expect(after.objects.get('x')).toEqual(todo('x', true));
  });
});

describeLocalOnly('live$ through network faults', () => {
  // A server of their own, whose held polls are the view's only ones, behind a fault proxy that
  // cuts feed requests once its rate is raised.
  let own: Remote;
  let proxy: FaultProxy;
  beforeAll(async () => {
    own = await startRemote({ pollWindowMs: 25_000 });
    proxy = await startFaultProxy({
      target: own.url,
      rate: 0,
      faults: ['reset-before', 'status-503'],
      only: (req) => req.url.includes('/changes'),
    });
  });
  afterAll(async () => {
    await proxy.close();
    await own.close();
  });
  afterEach(() => proxy.setRate(0));

  const held = () => own.local!.stats().heldPolls;

  /** A view through the proxy, live and with its poll held; and a writer straight to the server. */
  const viewThroughProxy = async () => {
    const user = await createUser(own);
    const name = randomBucket();
    const client = (baseUrl: string) =>
      new Api(own.app.id, user.accessToken, { baseUrl }).bucket(name, Todo);
    const writer = client(own.url);
    const view = probe(
      client(proxy.url).live$({ retry: { initialDelay: 10, maxDelay: 50, jitter: 0 } }),
    );
    await view.until(isLive);
    await until(() => held() === 1); // the feed's first request has passed the proxy
    return { user, name, writer, view };
  };

  it('should say reconnecting while the feed retries, then live again, with nothing lost', async () => {
    const { user, name, writer, view } = await viewThroughProxy();

    proxy.setRate(1); // every feed request from now on fails
    expectRight(await once(writer.post$('x', todo('x')))); // answers the poll held now
    const reconnecting = await view.until((v) => v.status === 'reconnecting');
    expect(reconnecting.objects.get('x')).toEqual(todo('x'));
    expectRight(await once(writer.post$('y', todo('y'))));
    expectRight(await once(writer.delete$('x')));
    const z = expectRight(await once(writer.new$(todo('z'))));
    expect(view.latest?.status).toBe('reconnecting');
    expect(view.latest?.objects).toBe(reconnecting.objects);

    proxy.setRate(0);
    const { current } = await serverIndex(own, user.accessToken, name);
    const back = await view.until(settledAt(current));
    expect(Object.fromEntries(back.objects)).toEqual({ y: todo('y'), [z]: todo('z') });
    expect(differences(back, await serverIndex(own, user.accessToken, name), Todo)).toEqual([]);
    const faults = proxy.counts();
    expect(faults['reset-before'] + faults['status-503']).toBeGreaterThan(0);
    const statuses = view.views.map((v) => v.status);
    expect(statuses.indexOf('reconnecting')).toBeGreaterThan(statuses.indexOf('live'));
    expect(statuses.at(-1)).toBe('live');
  });

  it('should say live again once a poll is held after the retries, with no change to carry', async () => {
    const { writer, view } = await viewThroughProxy();
    proxy.setRate(1);
    expectRight(await once(writer.post$('x', todo('x'))));
    const reconnecting = await view.until((v) => v.status === 'reconnecting');
    expect(reconnecting.objects.get('x')).toEqual(todo('x'));

    proxy.setRate(0);
    // The next poll is held (nothing to send), and the view says live again, as it was.
    const live = await view.next(isLive);
    expect(held()).toBe(1);
    expect(live.objects).toBe(reconnecting.objects);
    expect(live.cv).toBe(reconnecting.cv);
  });
});

describe('live$ with refused credentials', () => {
  it('should end with a Left HttpError 401, then complete, for a bad token', async () => {
    const name = randomBucket();
    const stranger = new Api(remote.app.id, 'not-a-token', { baseUrl: remote.url });
    const view = probe(stranger.bucket(name, Todo).live$());
    await view.completed;
    const last = view.values.at(-1);
    expect(expectLeft(last ?? E.right(undefined), 'HttpError').status).toBe(401);
    expect(view.values.filter(E.isLeft)).toHaveLength(1);
    expect(view.views.every((v) => v.status === 'loading')).toBe(true);
  });

  it('should end with a Left HttpError 401, then complete, once its token is revoked', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(otherClient(user).bucket(name, Todo).post$('x', todo('x'))));
    const view = probe(user.api.bucket(name, Todo).live$());
    await view.until((v) => isLive(v) && v.objects.has('x'));

    // A password reset revokes every token; the held poll learns it at the next write.
    expectRight(await once(authFor(remote, true).resetPassword$(user.username, 'a new secret')));
    const someone = await createUser(remote);
    expectRight(await once(someone.api.bucket(name, Todo).post$('w', todo('wake'))));
    await view.completed;
    expect(expectLeft(view.values.at(-1) ?? E.right(undefined), 'HttpError').status).toBe(401);
    expect(view.latest?.objects.get('x')).toEqual(todo('x'));
  });
});

describeLocalOnly('live$ with a key the local server refuses for data', () => {
  it('should end with a Left HttpError 403, then complete, for a key that may not read data', async () => {
    const withApiKey = new Api(remote.app.id, remote.app.apiKey, { baseUrl: remote.url });
    const view = probe(withApiKey.bucket(randomBucket(), Todo).live$());
    await view.completed;
    expect(expectLeft(view.values.at(-1) ?? E.right(undefined), 'HttpError').status).toBe(403);
    expect(view.values.filter(E.isLeft)).toHaveLength(1);
  });
});
