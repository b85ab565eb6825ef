/**
 * The official node-simperium client (npm `simperium` 1.1.4, its own `websocket` transport)
 * syncing through the local server's streaming endpoint, several clients at once, with the HTTP
 * API on the same server seeing the same data. Nothing here waits for time: each step waits for
 * the clients' own events (see `settled`).
 */
import { mulberry32 } from '../support/mulberry32';
import {
  KeptGhosts,
  LossyTransport,
  SimperiumClients,
  settled,
  type TestClient,
} from '../support/simperium-clients';
import { json, startTestServer, type TestServer, type TestUser } from '../support/server-http';

let t: TestServer;
let clients: SimperiumClients;
let alice: TestUser;
beforeEach(async () => {
  t = await startTestServer();
  clients = new SimperiumClients(t.server.url, t.app.id);
  alice = await t.createUser('alice@example.com');
});
afterEach(async () => {
  clients.endAll();
  await t.close();
});

const indexed = (c: TestClient): Promise<void> =>
  new Promise((resolve) => c.bucket.once('index', () => resolve()));

const event = (c: TestClient, name: string): Promise<void> =>
  new Promise((resolve) => c.client.once(name, () => resolve()));

const content = async (c: TestClient, id: string): Promise<unknown> =>
  (await c.bucket.get(id)).data?.['content'];

/** Whether every client holds `text` at `version` for `id`. */
const holds = async (all: TestClient[], id: string, text: string, version: number) => {
  for (const c of all) {
    if ((await content(c, id)) !== text || (await c.bucket.getVersion(id)) !== version)
      return false;
  }
  return true;
};

/** The changes of `id` in alice's feed. */
const history = async (id: string): Promise<Array<{ ccids: string[]; ev: number }>> =>
  (
    json(await t.as(alice.access_token, 'GET', '/note/changes?wait=0')) as Array<{
      id: string;
      ccids: string[];
      ev: number;
    }>
  ).filter((c) => c.id === id);

/** The `c` messages a client sent for `id`, as change objects. */
const sentChanges = (c: TestClient, id: string): Array<{ ccid: string }> =>
  c.sent
    .filter((raw) => raw.startsWith('0:c:'))
    .map((raw) => JSON.parse(raw.slice(4)) as { id: string; ccid: string })
    .filter((change) => change.id === id);

describe('node-simperium clients against the local server', () => {
  it('should merge concurrent edits of one note on both clients and over HTTP', async () => {
    const a = clients.open(alice.access_token, 'note');
    const b = clients.open(alice.access_token, 'note');
    await Promise.all([indexed(a), indexed(b)]);
    await a.bucket.update('n1', { content: 'AC' });
    await settled('b has AC', [a, b], () => holds([a, b], 'n1', 'AC', 1));
    await Promise.all([
      a.bucket.update('n1', { content: 'ABC' }),
      b.bucket.update('n1', { content: 'ACD' }),
    ]);
    await settled('both have ABCD at version 3', [a, b], () => holds([a, b], 'n1', 'ABCD', 3));
    const res = await t.as(alice.access_token, 'GET', '/note/i/n1');
    expect([json(res), res.version]).toEqual([{ content: 'ABCD' }, '3']);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('should delete on every client, and let the client that echoes the delete edit again', async () => {
    const a = clients.open(alice.access_token, 'note');
    const b = clients.open(alice.access_token, 'note');
    await Promise.all([indexed(a), indexed(b)]);
    await a.bucket.update('n1', { content: 'x' });
    await settled('b has x', [a, b], () => holds([a, b], 'n1', 'x', 1));
    const removed = new Promise<string>((resolve) => a.bucket.once('remove', resolve));
    await b.bucket.remove('n1');
    expect(await removed).toBe('n1');
    // a echoes the delete; the server answers 412, which node takes as an acknowledgement.
    await settled('the echo is answered', [a], () =>
      a.received.some((m) => m.includes('"error":412')),
    );
    await a.bucket.update('n1', { content: 'again' });
    await settled('both have it again', [a, b], () => holds([a, b], 'n1', 'again', 3));
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('should index 35 existing objects over several pages', async () => {
    const notes = Array.from({ length: 35 }, (_, i) => ({
      id: `n${i}`,
      o: 'M',
      v: { content: { o: '+', v: `note ${i}` } },
    }));
    expect((await t.as(alice.access_token, 'POST', '/note/changes', { body: notes })).status).toBe(
      200,
    );
    const a = clients.open(alice.access_token, 'note');
    await indexed(a);
    expect(a.sent.filter((raw) => raw.startsWith('0:i:'))).toHaveLength(4);
    const found = await a.bucket.find();
    expect(found.map((o) => [o.id, o.data?.['content']]).sort()).toEqual(
      notes.map((n) => [n.id, n.v.content.v]).sort(),
    );
  });

  it('should index an object larger than a frame of its transport', async () => {
    const big = 'x'.repeat(1536 * 1024);
    const res = await t.as(alice.access_token, 'POST', '/note/i/big', { body: { content: big } });
    expect(res.status).toBe(200);
    const a = clients.open(alice.access_token, 'note');
    await indexed(a);
    expect(await content(a, 'big')).toBe(big);
  });

  it('should resume from its cv without indexing again', async () => {
    const ghosts = new KeptGhosts();
    const first = clients.open(alice.access_token, 'note', { ghostStoreProvider: () => ghosts });
    await indexed(first);
    await first.bucket.update('n1', { content: 'one' });
    await settled(
      'n1 acknowledged',
      [first],
      async () => (await first.bucket.getVersion('n1')) === 1,
    );
    first.client.end();
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { content: 'one, two' } });
    await t.as(alice.access_token, 'POST', '/note/i/n2', { body: { content: 'new' } });
    const again = clients.open(alice.access_token, 'note', { ghostStoreProvider: () => ghosts });
    await settled(
      'both changes arrive',
      [again],
      async () =>
        (await content(again, 'n1')) === 'one, two' && (await content(again, 'n2')) === 'new',
    );
    const commands = again.sent.map((raw) => raw.split(':')[1]);
    expect(commands).toContain('cv');
    expect(commands).not.toContain('i');
  });

  it('should land an edit made offline exactly once after reconnecting', async () => {
    const a = clients.open(alice.access_token, 'note');
    const b = clients.open(alice.access_token, 'note');
    await Promise.all([indexed(a), indexed(b)]);
    await a.bucket.update('n1', { content: 'AC' });
    await settled('b has AC', [a, b], () => holds([a, b], 'n1', 'AC', 1));
    const down = event(a, 'disconnect');
    a.client.socket.close();
    await down;
    await a.bucket.update('n1', { content: 'ABC' });
    await settled('both have ABC at version 2', [a, b], () => holds([a, b], 'n1', 'ABC', 2));
    const edits = sentChanges(a, 'n1');
    // Sent once while offline (it failed) and again after the reconnect, with the same ccid.
    expect(edits.slice(1).map((c) => c.ccid)).toEqual([edits[1]?.ccid, edits[1]?.ccid]);
    expect((await history('n1')).map((c) => c.ccids[0])).toEqual([edits[0]?.ccid, edits[1]?.ccid]);
  });

  it('should apply a change whose acknowledgement was lost once, answering its resend 409', async () => {
    const lossy = new LossyTransport();
    const a = clients.open(alice.access_token, 'note', { websocketClientProvider: lossy.provider });
    await indexed(a);
    await a.bucket.update('n1', { content: 'one' });
    await settled('n1 acknowledged', [a], async () => (await a.bucket.getVersion('n1')) === 1);
    lossy.loseNext((data) => data.startsWith('0:c:') && data.includes('"ev":2'));
    await a.bucket.update('n1', { content: 'one, two' });
    await settled(
      'the resend is answered 409 and n1 is at version 2',
      [a],
      async () =>
        a.received.some((m) => m.includes('"error":409')) &&
        (await a.bucket.getVersion('n1')) === 2,
    );
    expect(lossy.lost).toBe(1);
    const [, edit] = sentChanges(a, 'n1');
    expect(sentChanges(a, 'n1').filter((c) => c.ccid === edit?.ccid)).toHaveLength(2);
    expect((await history('n1')).map((c) => c.ev)).toEqual([1, 2]);
    expect(await content(a, 'n1')).toBe('one, two');
  });

  it('should converge three clients making random edits with each other and with the index', async () => {
    const random = mulberry32(20_240_613);
    const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A;
    const all = [0, 1, 2].map(() => clients.open(alice.access_token, 'note'));
    await Promise.all(all.map(indexed));
    const ids = ['r1', 'r2', 'r3'];
    for (const id of ids) await all[0]?.bucket.update(id, { content: 'seed' });
    /** The server's objects, from `index?data=1`. */
    const server = async (): Promise<Array<[string, unknown, number]>> => {
      const page = json(await t.as(alice.access_token, 'GET', '/note/index?data=1')) as {
        index: Array<{ id: string; v: number; d: { content: string } }>;
      };
      return page.index.map((e): [string, unknown, number] => [e.id, e.d.content, e.v]).sort();
    };
    /** Whether every client has nothing in flight and holds, synced and shown, what the server holds. */
    const converged = async (): Promise<boolean> => {
      const truth = await server();
      if (truth.length !== ids.length) return false;
      for (const c of all) {
        const queue = c.bucket.channel.localQueue;
        if (Object.keys(queue.sent).length > 0) return false;
        if (Object.values(queue.queues).some((pending) => pending.length > 0)) return false;
        for (const [id, text, version] of truth) {
          const ghost = await c.bucket.channel.store.get(id);
          if (ghost.version !== version || ghost.data['content'] !== text) return false;
          if ((await content(c, id)) !== text) return false;
        }
      }
      return true;
    };
    await settled('every client has the seeds', all, converged);
    // Each round, every client edits a note at random at once (often the same note); the rounds
    // wait for the clients to settle, because node-simperium loses an edit made while it rebases
    // an incoming change (its bucket is then overwritten with the rebase, begun before the edit).
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(
        all.map(async (c) => {
          const id = pick(ids);
          const text = String(await content(c, id));
          const at = Math.floor(random() * (text.length + 1));
          const next =
            random() < 0.3 && text.length > 0
              ? text.slice(0, at) + text.slice(at + 1)
              : text.slice(0, at) + pick(['a', 'b', 'c', 'd', ' ']) + text.slice(at);
          await c.bucket.update(id, { content: next });
        }),
      );
      await settled(`round ${round}: the clients hold what the server holds`, all, converged);
    }
    const versions = (await server()).map(([, , version]) => version);
    expect(versions.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3 + 20);
    expect(all.flatMap((c) => c.errors)).toEqual([]);
  });

  it('should keep users apart', async () => {
    const bob = await t.createUser('bob@example.com');
    const a = clients.open(alice.access_token, 'note');
    const a2 = clients.open(alice.access_token, 'note');
    const b = clients.open(bob.access_token, 'note');
    await Promise.all([a, a2, b].map(indexed));
    await a.bucket.update('secret', { content: 'alice only' });
    await b.bucket.update('mine', { content: 'bob only' });
    await settled(
      'each change reaches its own user',
      [a, a2, b],
      async () =>
        (await content(a2, 'secret')) === 'alice only' && (await b.bucket.getVersion('mine')) === 1,
    );
    expect((await b.bucket.find()).map((o) => o.id)).toEqual(['mine']);
    expect((await a2.bucket.find()).map((o) => o.id)).toEqual(['secret']);
    expect(b.received.some((m) => m.includes('secret'))).toBe(false);
    const index = json(await t.as(bob.access_token, 'GET', '/note/index')) as {
      index: Array<{ id: string }>;
    };
    expect(index.index.map((e) => e.id)).toEqual(['mine']);
  });
});
