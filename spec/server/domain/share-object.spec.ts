import {
  json,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

describe('shareObject', () => {
  let t: TestServer;
  let owner: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    [owner, friend, stranger] = await Promise.all([
      t.createUser('owner@b.com'),
      t.createUser('friend@b.com'),
      t.createUser('stranger@b.com'),
    ]);
  });
  afterAll(() => t.close());

  let bucket = 0;
  let path: (rest: string) => string;
  beforeEach(() => {
    bucket += 1;
    path = (rest) => `/bucket${bucket}${rest}`;
  });

  const share = (id: string, username: string, body: unknown = {}, by: TestUser = owner) =>
    t.as(by.access_token, 'POST', path(`/i/${id}/share/${username}`), { body });
  const changesOf = async (user: TestUser) =>
    json(await t.as(user.access_token, 'GET', path('/changes?wait=0'))) as Array<
      Record<string, unknown>
    >;

  it('should show a read-only share to the target under {ownerId}/{id}, and refuse its writes', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { title: 'hi' } });
    expect((await share('note', 'friend@b.com')).status).toBe(200);
    const shared = `${owner.userid}/note`;

    const got = await t.as(friend.access_token, 'GET', path(`/i/${shared}`));
    expect([got.status, json(got), got.version]).toEqual([200, { title: 'hi' }, '1']);
    const encoded = await t.as(friend.access_token, 'GET', path(`/i/${owner.userid}%2Fnote/v/1`));
    expect(json(encoded)).toEqual({ title: 'hi' });

    const index = json(await t.as(friend.access_token, 'GET', path('/index'))) as {
      index: unknown;
    };
    expect(index.index).toEqual([{ id: shared, v: 1 }]);

    expect(
      (await t.as(friend.access_token, 'POST', path(`/i/${shared}`), { body: { x: 1 } })).status,
    ).toBe(403);
    expect((await t.as(friend.access_token, 'DELETE', path(`/i/${shared}`))).status).toBe(403);
    expect(json(await t.as(owner.access_token, 'GET', path('/i/note')))).toEqual({ title: 'hi' });
  });

  it('should let a target with write access modify and delete the object', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { title: 'hi' } });
    await share('note', 'friend@b.com', '{"write_access": true}');
    const shared = `${owner.userid}/note`;

    const write = await t.as(friend.access_token, 'POST', path(`/i/${shared}?response=1`), {
      body: { done: true },
    });
    expect([write.status, write.version, json(write)]).toEqual([
      200,
      '2',
      { title: 'hi', done: true },
    ]);
    expect(json(await t.as(owner.access_token, 'GET', path('/i/note')))).toEqual({
      title: 'hi',
      done: true,
    });

    expect(
      (await t.as(friend.access_token, 'DELETE', path(`/i/${owner.userid}%2Fnote`))).status,
    ).toBe(200);
    expect((await t.as(owner.access_token, 'GET', path('/i/note'))).status).toBe(404);
  });

  it("should announce the share in the target's feed and follow the object's changes from then", async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { a: 1 } });
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { a: 2 } });
    await share('note', 'friend@b.com');
    await t.as(owner.access_token, 'POST', path('/i/note?clientid=o'), { body: { a: 3 } });
    await t.as(owner.access_token, 'POST', path('/i/own-only'), { body: { z: 1 } });

    const feed = await changesOf(friend);
    const id = `${owner.userid}/note`;
    expect(feed).toEqual([
      {
        id,
        o: 'M',
        v: { a: { o: '+', v: 2 } },
        ev: 2,
        cv: expect.any(String),
        ccids: [],
        clientid: '',
      },
      {
        id,
        o: 'M',
        v: { a: { o: 'r', v: 3 } },
        sv: 2,
        ev: 3,
        cv: expect.any(String),
        ccids: [],
        clientid: 'o',
      },
    ]);
    expect((await changesOf(owner)).map((c) => [c['id'], c['ev']])).toEqual([
      ['note', 1],
      ['note', 2],
      ['note', 3],
      ['own-only', 1],
    ]);
  });

  it('should let the target read and write against the versions from the share onward only', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { text: 'a' } });
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { text: 'ab' } });
    await share('note', 'friend@b.com', { write_access: true });
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { text: 'abc' } });
    const shared = `/i/${owner.userid}/note`;
    const read = async (n: number) => {
      const res = await t.as(friend.access_token, 'GET', path(`${shared}/v/${n}`));
      return [res.status, res.text, res.version];
    };

    expect(await read(1)).toEqual([404, 'version not found', null]);
    expect(await read(2)).toEqual([200, '{"text":"ab"}', '2']);
    expect(await read(3)).toEqual([200, '{"text":"abc"}', '3']);
    const owners = await t.as(owner.access_token, 'GET', path('/i/note/v/1'));
    expect([owners.status, owners.text]).toEqual([200, '{"text":"a"}']);

    const before = await t.as(friend.access_token, 'POST', path(`${shared}/v/1`), {
      body: { text: 'ax' },
    });
    expect([before.status, before.text]).toEqual([404, 'version not found']);
    const batch = await t.as(friend.access_token, 'POST', path('/changes?wait=1'), {
      body: [{ id: `${owner.userid}/note`, o: 'M', sv: 1, v: { text: { o: 'r', v: 'ax' } } }],
    });
    expect((json(batch) as Array<Record<string, unknown>>)[0]).toMatchObject({ error: 405 });
    expect(json(await t.as(owner.access_token, 'GET', path('/i/note')))).toEqual({ text: 'abc' });

    const since = await t.as(friend.access_token, 'POST', path(`${shared}/v/2?response=1`), {
      body: { text: 'xab' },
    });
    expect([since.status, json(since)]).toEqual([200, { text: 'xabc' }]);
  });

  it('should change the write access of an existing share without a new change', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { a: 1 } });
    await share('note', 'friend@b.com', { write_access: false });
    await share('note', 'friend@b.com', { write_access: true });
    expect(await changesOf(friend)).toHaveLength(1);
    const write = await t.as(friend.access_token, 'POST', path(`/i/${owner.userid}/note`), {
      body: { b: 1 },
    });
    expect(write.status).toBe(200);
  });

  it('should keep the object hidden from users it is not shared with', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { a: 1 } });
    await share('note', 'friend@b.com', { write_access: true });
    const id = `${owner.userid}/note`;
    expect((await t.as(stranger.access_token, 'GET', path(`/i/${id}`))).status).toBe(404);
    expect(
      (await t.as(stranger.access_token, 'POST', path(`/i/${id}`), { body: { a: 9 } })).status,
    ).toBe(404);
    expect(await changesOf(stranger)).toEqual([]);
  });

  it('should refuse sharing by anyone but the owner, of missing objects, or with unknown users', async () => {
    await t.as(owner.access_token, 'POST', path('/i/note'), { body: { a: 1 } });
    await share('note', 'friend@b.com', { write_access: true });
    expect((await share(`${owner.userid}/note`, 'stranger@b.com', {}, friend)).status).toBe(403);
    expect((await share('missing', 'friend@b.com')).status).toBe(404);
    expect((await share('note', 'nobody@b.com')).status).toBe(404);
    expect((await share('note', 'owner@b.com')).status).toBe(400);
    expect((await share('note', 'friend@b.com', { write_access: 'perhaps' })).status).toBe(400);
    expect((await share('note', 'friend@b.com', '[true]')).status).toBe(400);
  });
});

describe('#12 unshareObject', () => {
  let t: TestServer;
  let owner: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  beforeEach(async () => {
    t = await startTestServer();
    [owner, friend, stranger] = await Promise.all([
      t.createUser('owner@b.com'),
      t.createUser('friend@b.com'),
      t.createUser('stranger@b.com'),
    ]);
    await t.as(owner.access_token, 'POST', '/b/i/big', { body: { text: 'x'.repeat(1000) } });
    await t.as(owner.access_token, 'POST', '/b/i/big/share/friend@b.com', { body: {} });
    await t.as(friend.access_token, 'POST', '/b/i/mine', { body: { mine: true } });
  });
  afterEach(() => t.close());

  const shared = () => `/b/i/${owner.userid}/big`;
  const changesOf = async (user: TestUser, cv = '') =>
    json(await t.as(user.access_token, 'GET', `/b/changes?wait=0${cv && `&cv=${cv}`}`)) as Array<
      Record<string, unknown> & { cv: string }
    >;
  const indexOf = async (user: TestUser) =>
    (json(await t.as(user.access_token, 'GET', '/b/index')) as { index: Array<{ id: string }> })
      .index;

  it('should let the target decline a read-only share: the object leaves their index and feed', async () => {
    const before = await changesOf(friend);
    expect(before.map((c) => c['id'])).toEqual([`${owner.userid}/big`, 'mine']);
    const declined = await t.as(friend.access_token, 'DELETE', `${shared()}/share/friend@b.com`);
    expect(declined.status).toBe(200);
    expect((await t.as(friend.access_token, 'GET', shared())).status).toBe(404);
    expect((await indexOf(friend)).map((e) => e.id)).toEqual(['mine']);
    const after = await changesOf(friend);
    expect(after.map((c) => [c['id'], c['o']])).toEqual([
      ['mine', 'M'],
      [`${owner.userid}/big`, '-'],
    ]);
    expect(after[1]).not.toHaveProperty('v');
    // The cursor the friend held, the announcement's, still works.
    const fromAnnouncement = await changesOf(friend, before[0]?.cv);
    expect(fromAnnouncement.map((c) => c['o'])).toEqual(['M', '-']);
    // Later changes of the object no longer reach the friend; the owner keeps everything.
    await t.as(owner.access_token, 'POST', '/b/i/big', { body: { more: 1 } });
    expect(await changesOf(friend, after[1]?.cv)).toEqual([]);
    expect((await indexOf(owner)).map((e) => e.id)).toEqual(['big']);
    expect((await changesOf(owner)).map((c) => c['ev'])).toEqual([1, 2]);
  });

  it('should let the owner withdraw a share, and share again later', async () => {
    const withdrawn = await t.as(owner.access_token, 'DELETE', '/b/i/big/share/friend@b.com');
    expect(withdrawn.status).toBe(200);
    expect((await t.as(friend.access_token, 'GET', shared())).status).toBe(404);
    expect(
      (await t.as(owner.access_token, 'POST', '/b/i/big/share/friend@b.com', { body: {} })).status,
    ).toBe(200);
    expect((await t.as(friend.access_token, 'GET', shared())).status).toBe(200);
    expect((await changesOf(friend)).map((c) => c['o'])).toEqual(['M', '-', 'M']);
  });

  it('should wake the target held on the bucket with the deletion', async () => {
    const [, last] = await changesOf(friend);
    const held = t.as(friend.access_token, 'GET', `/b/changes?cv=${last?.cv}`);
    await until(() => t.server.stats().heldPolls === 1);
    await t.as(friend.access_token, 'DELETE', `${shared()}/share/friend@b.com`);
    expect((json(await held) as Array<{ o: string }>).map((c) => c.o)).toEqual(['-']);
  });

  it('should refuse ending a share for someone else, one that does not exist, or an unknown user', async () => {
    const as = (user: TestUser, path: string) => t.as(user.access_token, 'DELETE', path);
    const refused = await as(friend, `${shared()}/share/stranger@b.com`);
    expect([refused.status, refused.text]).toEqual([
      403,
      'only the owner or the target can end a share',
    ]);
    expect((await as(stranger, `${shared()}/share/stranger@b.com`)).status).toBe(404);
    const none = await as(owner, '/b/i/big/share/stranger@b.com');
    expect([none.status, none.text]).toEqual([404, 'not shared with this user']);
    expect((await as(owner, '/b/i/big/share/nobody@b.com')).status).toBe(404);
    expect((await t.as(friend.access_token, 'GET', shared())).status).toBe(200);
  });
});
