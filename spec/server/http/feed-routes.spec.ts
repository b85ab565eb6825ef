import { ZERO_CV } from '../../../lib/server/domain/cv';
import { ChangeLog } from '../../../lib/server/storage/changes';
import { ObjectStore } from '../../../lib/server/storage/objects';
import { UserStore } from '../../../lib/server/storage/users';
import {
  call,
  json,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

type Change = Record<string, unknown> & { cv: string; id: string };

describe('handleChanges', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeEach(async () => {
    t = await startTestServer({ pollWindowMs: 60_000 });
    [alice, bob] = await Promise.all([t.createUser('alice@b.com'), t.createUser('bob@b.com')]);
  });
  afterEach(() => t.close());

  const write = (user: TestUser, id: string, body: unknown) =>
    t.as(user.access_token, 'POST', `/todo/i/${id}`, { body });
  const feed = async (user: TestUser, query = 'wait=0') => {
    const res = await t.as(user.access_token, 'GET', `/todo/changes?${query}`);
    expect(res.status).toBe(200);
    return json(res) as Change[];
  };

  it("should list the user's own changes from the start, oldest first", async () => {
    await write(alice, 'a', { n: 1 });
    await write(bob, 'b', { n: 1 });
    await write(alice, 'a', { n: 2 });
    const changes = await feed(alice);
    expect(changes.map((c) => [c.id, c['ev']])).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
    expect((changes[0]?.cv ?? '') < (changes[1]?.cv ?? '')).toBe(true);
  });

  it('should list only the changes after cv', async () => {
    await write(alice, 'a', { n: 1 });
    const [first] = await feed(alice);
    await write(alice, 'a', { n: 2 });
    const after = await feed(alice, `wait=0&cv=${first?.cv}`);
    expect(after.map((c) => c['ev'])).toEqual([2]);
    expect(await feed(alice, `wait=0&cv=${after[0]?.cv}`)).toEqual([]);
  });

  it('should accept the zero cursor as the start', async () => {
    await write(alice, 'a', { n: 1 });
    expect(await feed(alice, `wait=0&cv=${ZERO_CV}`)).toHaveLength(1);
  });

  it('should answer at most 100 changes, the rest from the last cv', async () => {
    for (let n = 0; n < 105; n += 1) await write(alice, 'a', { n });
    const page = await feed(alice);
    expect(page).toHaveLength(100);
    const rest = await feed(alice, `wait=0&cv=${page[99]?.cv}`);
    expect(rest.map((c) => c['ev'])).toEqual([101, 102, 103, 104, 105]);
  });

  it('should answer 404 for a well-formed cv this bucket never issued, 400 for a malformed one', async () => {
    await write(alice, 'a', { n: 1 });
    const [change] = await feed(alice);
    const other = await t.as(alice.access_token, 'GET', `/other/changes?wait=0&cv=${change?.cv}`);
    expect(other.status).toBe(404);
    expect(
      (await t.as(alice.access_token, 'GET', '/todo/changes?cv=ffffffffffffffffffffffff')).status,
    ).toBe(404);
    expect((await t.as(alice.access_token, 'GET', '/todo/changes?cv=12')).status).toBe(400);
    expect((await t.as(alice.access_token, 'GET', '/todo/changes?wait=later')).status).toBe(400);
  });

  it("should check the caller's token once for an answer given at once", async () => {
    await write(alice, 'a', { n: 1 });
    const lookups = jest.spyOn(UserStore.prototype, 'tokenOwner');
    try {
      expect(await feed(alice)).toHaveLength(1);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('should hold the request until a write gives it something to say', async () => {
    await write(alice, 'a', { n: 1 });
    const [first] = await feed(alice);
    const held = t.as(alice.access_token, 'GET', `/todo/changes?cv=${first?.cv}`);
    await until(() => t.server.stats().heldPolls === 1);
    await write(bob, 'b', { n: 1 });
    expect(t.server.stats().heldPolls).toBe(1);
    await write(alice, 'a', { n: 2 });
    const res = await held;
    expect(res.status).toBe(200);
    expect((json(res) as Change[]).map((c) => [c.id, c['ev']])).toEqual([['a', 2]]);
    expect(t.server.stats().heldPolls).toBe(0);
  });

  it('should answer a held request 401, without the next change, once its token is revoked', async () => {
    await write(alice, 'a', { n: 1 });
    const [first] = await feed(alice);
    const held = t.as(alice.access_token, 'GET', `/todo/changes?cv=${first?.cv}`);
    await until(() => t.server.stats().heldPolls === 1);
    const reset = await call(t.server, 'POST', `${t.base}/reset_password/`, {
      headers: { 'X-Simperium-API-Key': t.app.adminKey },
      body: { username: 'alice@b.com', new_password: 'changed' },
    });
    expect(reset.status).toBe(200);
    const admin = { 'X-Simperium-Token': t.app.adminKey, 'X-Simperium-User': alice.userid };
    const written = await call(t.server, 'POST', `${t.base}/todo/i/a`, {
      headers: admin,
      body: { n: 'after the reset' },
    });
    expect(written.status).toBe(200);
    const res = await held;
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('after the reset');
    expect(t.server.stats().heldPolls).toBe(0);
  });

  it("should answer a held request 401 once its user is deleted, keeping others' polls", async () => {
    const held = t.as(alice.access_token, 'GET', '/todo/changes');
    const other = t.as(bob.access_token, 'GET', '/todo/changes');
    await until(() => t.server.stats().heldPolls === 2);
    const deleted = await call(t.server, 'POST', `${t.base}/delete/`, {
      headers: { 'X-Simperium-API-Key': t.app.adminKey },
      body: { username: 'alice@b.com' },
    });
    expect(deleted.status).toBe(200);
    await write(bob, 'b', { n: 1 });
    expect((await held).status).toBe(401);
    const res = await other;
    expect(res.status).toBe(200);
    expect((json(res) as Change[]).map((c) => c.id)).toEqual(['b']);
  });

  it('should release a held request whose client goes away', async () => {
    const controller = new AbortController();
    const held = t.as(alice.access_token, 'GET', '/todo/changes', { signal: controller.signal });
    await until(() => t.server.stats().heldPolls === 1);
    controller.abort();
    await expect(held).rejects.toThrow();
    await until(() => t.server.stats().heldPolls === 0);
    await write(alice, 'a', { n: 1 });
    expect(t.server.stats().heldPolls).toBe(0);
  });

  it('should answer [] once the poll window passes', async () => {
    const short = await startTestServer({ pollWindowMs: 20 });
    try {
      const user = await short.createUser('x@b.com');
      const res = await short.as(user.access_token, 'GET', '/todo/changes');
      expect([res.status, json(res)]).toEqual([200, []]);
      expect(short.server.stats().heldPolls).toBe(0);
    } finally {
      await short.close();
    }
  });

  it('should answer held requests with [] when the server closes', async () => {
    const other = await startTestServer();
    const user = await other.createUser('x@b.com');
    const held = other.as(user.access_token, 'GET', '/todo/changes');
    await until(() => other.server.stats().heldPolls === 1);
    await other.close();
    const res = await held;
    expect([res.status, json(res)]).toEqual([200, []]);
  });
});

describe('handleAll', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeEach(async () => {
    t = await startTestServer({ pollWindowMs: 60_000 });
    [alice, bob] = await Promise.all([t.createUser('alice@b.com'), t.createUser('bob@b.com')]);
  });
  afterEach(() => t.close());

  const write = (user: TestUser, path: string, body: unknown) =>
    t.as(user.access_token, 'POST', `/todo/i/${path}`, { body });
  const all = async (query = '') => {
    const res = await t.as(t.app.adminKey, 'GET', `/todo/all?wait=0${query}`);
    expect(res.status).toBe(200);
    return json(res) as Change[];
  };

  it("should list every user's changes with {userid}/{id} ids", async () => {
    await write(alice, 'a', { n: 1 });
    await write(bob, 'b', { n: 1 });
    expect((await all()).map((c) => c.id)).toEqual([`${alice.userid}/a`, `${bob.userid}/b`]);
  });

  it('should add the latest data and the author on request', async () => {
    await write(alice, 'a', { n: 1 });
    await write(alice, 'a', { n: 2 });
    const changes = await all('&data=1&username=1');
    expect(changes.map((c) => [c['d'], c['username']])).toEqual([
      [{ n: 2 }, 'alice@b.com'],
      [{ n: 2 }, 'alice@b.com'],
    ]);
    await t.as(alice.access_token, 'DELETE', '/todo/i/a');
    expect((await all('&data=1')).every((c) => !('d' in c))).toBe(true);
  });

  it("should look up each object's data and each author once per answer", async () => {
    await write(alice, 'a', { n: 1 });
    await write(alice, 'a', { n: 2 });
    await write(alice, 'b', { n: 1 });
    await write(bob, 'c', { n: 1 });
    await write(alice, 'a', { n: 3 });
    const heads = jest.spyOn(ObjectStore.prototype, 'headText');
    const authors = jest.spyOn(UserStore.prototype, 'findById');
    try {
      const changes = await all('&data=1&username=1');
      expect(changes.map((c) => [c.id, c['d'], c['username']])).toEqual([
        [`${alice.userid}/a`, { n: 3 }, 'alice@b.com'],
        [`${alice.userid}/a`, { n: 3 }, 'alice@b.com'],
        [`${alice.userid}/b`, { n: 1 }, 'alice@b.com'],
        [`${bob.userid}/c`, { n: 1 }, 'bob@b.com'],
        [`${alice.userid}/a`, { n: 3 }, 'alice@b.com'],
      ]);
      expect([heads.mock.calls.length, authors.mock.calls.length]).toEqual([3, 2]);
      heads.mockClear();
      expect(await all('&data=1&most_recent=1')).toHaveLength(3);
      expect(heads).toHaveBeenCalledTimes(3);
    } finally {
      heads.mockRestore();
      authors.mockRestore();
    }
  });

  it('should keep only the newest change per object with most_recent=1', async () => {
    await write(alice, 'a', { n: 1 });
    await write(bob, 'b', { n: 1 });
    await write(alice, 'a', { n: 2 });
    const changes = await all('&most_recent=1');
    expect(changes.map((c) => [c.id, c['ev']])).toEqual([
      [`${bob.userid}/b`, 1],
      [`${alice.userid}/a`, 2],
    ]);
  });

  it('should skip the given clients and honour batch and cv', async () => {
    await write(alice, 'a?clientid=one', { n: 1 });
    await write(alice, 'a?clientid=two', { n: 2 });
    await write(bob, 'b?clientid=three', { n: 1 });
    const skipped = await all('&skip_clientid=one&skip_clientid=three');
    expect(skipped.map((c) => c['clientid'])).toEqual(['two']);
    const [first] = await all('&batch=1');
    expect(first?.['clientid']).toBe('one');
    expect((await all(`&batch=5000&cv=${first?.cv}`)).map((c) => c['clientid'])).toEqual([
      'two',
      'three',
    ]);
    expect((await t.as(t.app.adminKey, 'GET', '/todo/all?batch=0')).status).toBe(400);
  });

  it('should leave out the announcements of shares', async () => {
    await write(alice, 'a', { n: 1 });
    await t.as(alice.access_token, 'POST', '/todo/i/a/share/bob@b.com', { body: {} });
    expect(await all()).toHaveLength(1);
  });

  it('should take only the admin key', async () => {
    expect((await t.as(alice.access_token, 'GET', '/todo/all?wait=0')).status).toBe(403);
    expect((await t.as(t.app.apiKey, 'GET', '/todo/all?wait=0')).status).toBe(403);
    expect((await t.as('0'.repeat(32), 'GET', '/todo/all?wait=0')).status).toBe(401);
    expect((await t.as(alice.access_token, 'GET', '/buckets')).status).toBe(403);
  });

  it('should long-poll until any user writes', async () => {
    const held = t.as(t.app.adminKey, 'GET', '/todo/all?data=1');
    await until(() => t.server.stats().heldPolls === 1);
    await write(bob, 'b', { n: 1 });
    expect((json(await held) as Change[]).map((c) => [c.id, c['d']])).toEqual([
      [`${bob.userid}/b`, { n: 1 }],
    ]);
  });

  it('should keep holding when the only new changes come from skipped clients', async () => {
    const held = t.as(t.app.adminKey, 'GET', '/todo/all?skip_clientid=me');
    await until(() => t.server.stats().heldPolls === 1);
    await write(alice, 'a?clientid=me', { n: 1 });
    expect(t.server.stats().heldPolls).toBe(1);
    await write(alice, 'a?clientid=other', { n: 2 });
    expect((json(await held) as Change[]).map((c) => c['clientid'])).toEqual(['other']);
  });
});

describe('#11 #12 held polls', () => {
  let t: TestServer;
  let alice: TestUser;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    t = await startTestServer({
      pollWindowMs: 60_000,
      maxHeldPollsPerUser: 5,
      log: (line) => lines.push(line),
    });
    alice = await t.createUser('alice@b.com');
  });
  afterEach(() => t.close());

  const hold = (n: number, user = alice) =>
    Array.from({ length: n }, () => t.as(user.access_token, 'GET', '/todo/changes'));

  it('should answer the writer before any held poll is woken', async () => {
    const held = hold(5);
    await until(() => t.server.stats().heldPolls === 5);
    const written = await t.as(alice.access_token, 'POST', '/todo/i/a', { body: { n: 1 } });
    expect(written.status).toBe(200);
    await Promise.all(held);
    await until(() => lines.length === 7);
    const order = lines.slice(1).map((line) => line.split(' ')[0]);
    expect(order).toEqual(['POST', 'GET', 'GET', 'GET', 'GET', 'GET']);
  });

  it('should hand woken polls the committed change, with no query and no token check', async () => {
    const held = hold(3);
    await until(() => t.server.stats().heldPolls === 3);
    const reads = jest.spyOn(ChangeLog.prototype, 'forUser');
    const tokens = jest.spyOn(UserStore.prototype, 'tokenOwner');
    try {
      await t.as(alice.access_token, 'POST', '/todo/i/a', { body: { n: 1 } });
      const answers = await Promise.all(held);
      expect(answers.map((res) => (json(res) as Change[]).map((c) => c.id))).toEqual([
        ['a'],
        ['a'],
        ['a'],
      ]);
      expect(reads).not.toHaveBeenCalled();
      // The writer's own check, and no other.
      expect(tokens).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      tokens.mockRestore();
    }
  });

  it("should answer a user's polls past maxHeldPollsPerUser at once with [], holding the rest", async () => {
    const held = hold(5);
    await until(() => t.server.stats().heldPolls === 5);
    const excess = await t.as(alice.access_token, 'GET', '/todo/changes');
    expect([excess.status, json(excess)]).toEqual([200, []]);
    const bob = await t.createUser('bob@b.com');
    const other = hold(1, bob);
    await until(() => t.server.stats().heldPolls === 6);
    await t.as(alice.access_token, 'POST', '/todo/i/a', { body: { n: 1 } });
    await t.as(bob.access_token, 'POST', '/todo/i/b', { body: { n: 1 } });
    await Promise.all([...held, ...other]);
  });
});

describe('#12 answers bounded in bytes', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ maxAnswerBytes: 800 });
    alice = await t.createUser('alice@b.com');
    for (const [id, size] of [
      ['a', 200],
      ['b', 200],
      ['huge', 5000],
      ['c', 200],
      ['d', 10],
    ] as const) {
      await t.as(alice.access_token, 'POST', `/todo/i/${id}`, { body: { text: 'x'.repeat(size) } });
    }
  });
  afterAll(() => t.close());

  /** Every answer of a feed read from the start, paging on from the last change of each. */
  const pages = async (path: string, token: string): Promise<Change[][]> => {
    const out: Change[][] = [];
    let cv = '';
    for (;;) {
      const res = await t.as(token, 'GET', `${path}?wait=0${cv && `&cv=${cv}`}`);
      expect(res.status).toBe(200);
      const page = json(res) as Change[];
      if (page.length === 0) return out;
      expect(res.text.length <= 800 || page.length === 1).toBe(true);
      out.push(page);
      cv = page[page.length - 1]?.cv ?? cv;
    }
  };

  it('should split changes at the byte bound, a larger change alone, and page on to the end', async () => {
    const answers = await pages('/todo/changes', alice.access_token);
    expect(answers.map((page) => page.map((c) => c.id))).toEqual([
      ['a', 'b'],
      ['huge'],
      ['c', 'd'],
    ]);
  });

  it('should bound all the same, d included', async () => {
    const answers = await pages('/todo/all', t.app.adminKey);
    expect(answers.map((page) => page.length)).toEqual([2, 1, 2]);
    const withData = json(await t.as(t.app.adminKey, 'GET', '/todo/all?wait=0&data=1')) as Change[];
    expect(withData.map((c) => c.id)).toEqual([`${alice.userid}/a`]);
  });
});
