/**
 * What the channels of streaming sockets are sent, whoever writes (over HTTP, or on another
 * socket): each change visible to the channel's user once, in cv order; shares and users kept
 * apart as over HTTP.
 */
import { openStream, type StreamClient } from '../../support/stream-socket';
import {
  call,
  json,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

interface Change {
  id: string;
  cv: string;
  ev: number;
  o: string;
  ccids: string[];
  clientid: string;
  error?: number;
}

describe('delivery to streaming channels', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeEach(async () => {
    t = await startTestServer();
    [alice, bob] = await Promise.all([
      t.createUser('alice@example.com'),
      t.createUser('bob@example.com'),
    ]);
  });
  afterEach(() => t.close());

  /** A socket with a live channel per entry of `buckets` (channel n follows `buckets[n]`). */
  const live = async (user: TestUser, buckets: string[] = ['note']): Promise<StreamClient> => {
    const s = await openStream(t.server, t.app.id);
    buckets.forEach((name, n) => s.init(n, user.access_token, { name, cmd: 'i:1:::10' }));
    await s.take(2 * buckets.length);
    return s;
  };
  /** Takes `c` messages of `channel` until `n` changes came. */
  const changes = async (s: StreamClient, n: number, channel = 0): Promise<Change[]> => {
    const seen: Change[] = [];
    while (seen.length < n) seen.push(...((await s.json(`${channel}:c:`)) as Change[]));
    return seen;
  };
  /** Resolves once everything sent to `s` before now has arrived; returns what was not taken. */
  const drained = async (s: StreamClient): Promise<ReadonlyArray<string>> => {
    s.send('h:7');
    const rest: string[] = [];
    for (let m = await s.next(); m !== 'h:8'; m = await s.next()) rest.push(m);
    return rest;
  };
  const feed = async (user: TestUser, bucket = 'note'): Promise<Change[]> =>
    json(await t.as(user.access_token, 'GET', `/${bucket}/changes?wait=0`)) as Change[];

  it('should send each change once, in cv order, while writers race over HTTP and sockets', async () => {
    const watcher = await live(alice);
    const writer = await live(alice);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i += 1) {
      writes.push(t.as(alice.access_token, 'POST', `/note/i/h${i % 4}`, { body: { i } }));
      writer.send(
        `0:c:${JSON.stringify({ o: 'M', id: `s${i % 3}`, ccid: `c${i}`, v: { i: { o: 'r', v: i } } })}`,
      );
    }
    writes.push(
      t.as(alice.access_token, 'POST', '/note/changes', {
        body: Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, o: 'M', v: {} })),
      }),
    );
    await Promise.all(writes);
    const expected = (await feed(alice)).map((c) => c.cv);
    expect(expected).toHaveLength(70);
    const seen = (await changes(watcher, 70)).map((c) => c.cv);
    expect(seen).toEqual(expected);
    expect(await drained(watcher)).toEqual([]);
    // The writer's own changes come back to it once each too, as acknowledgements.
    expect((await changes(writer, 70)).map((c) => c.cv)).toEqual(expected);
  });

  it('should send a channel the changes of its bucket only, to every channel following it', async () => {
    const s = await live(alice, ['note', 'todo', 'note']);
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { a: 1 } });
    const [zero] = await changes(s, 1, 0);
    const [two] = await changes(s, 1, 2);
    expect([zero?.id, two?.id]).toEqual(['n1', 'n1']);
    expect(await drained(s)).toEqual([]);
  });

  it("should let HTTP see a socket's write at once, and wake a held long-poll with it", async () => {
    const s = await live(alice);
    const held = t.as(alice.access_token, 'GET', '/note/changes');
    await new Promise<void>((resolve) => setImmediate(resolve));
    s.send('0:c:{"o":"M","id":"n1","ccid":"k1","v":{"t":{"o":"+","v":"x"}}}');
    const [ack] = await changes(s, 1);
    expect(json(await t.as(alice.access_token, 'GET', '/note/i/n1'))).toEqual({ t: 'x' });
    expect(json(await held)).toEqual([ack]);
  });

  it('should send a refused change to its sender only', async () => {
    const sender = await live(alice);
    const other = await live(alice);
    sender.send('0:c:{"o":"-","id":"none","ccid":"k1"}');
    expect(await changes(sender, 1)).toEqual([
      { id: 'none', ccids: ['k1'], clientid: 'c0', error: 404 },
    ]);
    expect(await drained(other)).toEqual([]);
  });

  it("should show a share to its target as {owner}/{id}, and keep other users' changes apart", async () => {
    const carol = await t.createUser('carol@example.com');
    const [aliceSocket, bobSocket, carolSocket] = await Promise.all([
      live(alice),
      live(bob),
      live(carol),
    ]);
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { t: 'a' } });
    await t.as(alice.access_token, 'POST', '/note/i/private', { body: { t: 'p' } });
    const shared = await t.as(alice.access_token, 'POST', '/note/i/n1/share/bob@example.com', {
      body: { write_access: true },
    });
    expect(shared.status).toBe(200);
    const [announced] = await changes(bobSocket, 1);
    expect(announced).toMatchObject({ id: `${alice.userid}/n1`, o: 'M', ev: 1 });
    bobSocket.send(
      `0:c:${JSON.stringify({ o: 'M', id: `${alice.userid}/n1`, ccid: 'b1', sv: 1, v: { t: { o: 'r', v: 'b' } } })}`,
    );
    expect(await changes(bobSocket, 1)).toMatchObject([{ id: `${alice.userid}/n1`, ev: 2 }]);
    expect((await changes(aliceSocket, 3)).map((c) => [c.id, c.ev])).toEqual([
      ['n1', 1],
      ['private', 1],
      ['n1', 2],
    ]);
    bobSocket.send(`0:e:${alice.userid}/n1.2`);
    expect(await bobSocket.next()).toBe(`0:e:${alice.userid}/n1.2\n{"data":{"t":"b"}}`);
    expect(await drained(carolSocket)).toEqual([]);
    carolSocket.send(`0:c:${JSON.stringify({ o: '-', id: `${alice.userid}/n1`, ccid: 'c1' })}`);
    expect((await changes(carolSocket, 1))[0]?.error).toBe(404);
  });

  it('should refuse a write to a read-only share with a 401', async () => {
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { t: 'a' } });
    await t.as(alice.access_token, 'POST', '/note/i/n1/share/bob@example.com', { body: {} });
    const s = await live(bob);
    s.send(`0:c:${JSON.stringify({ o: 'M', id: `${alice.userid}/n1`, ccid: 'b1', v: {} })}`);
    expect((await changes(s, 1))[0]?.error).toBe(401);
  });

  it('should list an index with shared objects and their data for the target', async () => {
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { t: 'a' } });
    await call(t.server, 'POST', `${t.base}/note/i/n1/share/bob@example.com`, {
      headers: { 'X-Simperium-Token': alice.access_token },
      body: {},
    });
    const s = await openStream(t.server, t.app.id);
    s.init(0, bob.access_token, { cmd: 'i:1:::10' });
    await s.next();
    expect(await s.json('0:i:')).toMatchObject({
      index: [{ id: `${alice.userid}/n1`, v: 1, d: { t: 'a' } }],
    });
  });
});
