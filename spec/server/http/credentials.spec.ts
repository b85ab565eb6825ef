import {
  call,
  json,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

describe('requireUser', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    [alice, bob] = await Promise.all([t.createUser('alice@b.com'), t.createUser('bob@b.com')]);
    await t.as(bob.access_token, 'POST', '/docs/i/private', { body: { bob: 'only' } });
  });
  afterAll(() => t.close());

  it("should keep one user's objects out of another's reach", async () => {
    const token = alice.access_token;
    expect((await t.as(token, 'GET', '/docs/i/private')).status).toBe(404);
    expect((await t.as(token, 'GET', `/docs/i/${bob.userid}/private`)).status).toBe(404);
    expect(
      (await t.as(token, 'POST', `/docs/i/${bob.userid}/private`, { body: { a: 1 } })).status,
    ).toBe(404);
    expect((await t.as(token, 'DELETE', `/docs/i/${bob.userid}/private`)).status).toBe(404);
    expect((json(await t.as(token, 'GET', '/docs/index')) as { index: unknown[] }).index).toEqual(
      [],
    );
    expect(json(await t.as(token, 'GET', '/docs/changes?wait=0'))).toEqual([]);
  });

  it('should give each user their own object under the same id', async () => {
    const mine = await t.as(alice.access_token, 'POST', '/docs/i/private?response=1', {
      body: { alice: 1 },
    });
    expect([mine.status, mine.version, json(mine)]).toEqual([200, '1', { alice: 1 }]);
    expect(json(await t.as(bob.access_token, 'GET', '/docs/i/private'))).toEqual({ bob: 'only' });
  });

  it('should let the admin key act as the user named by X-Simperium-User', async () => {
    const headers = { 'X-Simperium-User': bob.userid };
    const res = await t.as(t.app.adminKey, 'GET', '/docs/i/private', { headers });
    expect([res.status, json(res)]).toEqual([200, { bob: 'only' }]);
    expect((await t.as(t.app.adminKey, 'GET', '/docs/i/private')).status).toBe(400);
    const unknown = { 'X-Simperium-User': '0'.repeat(32) };
    expect((await t.as(t.app.adminKey, 'GET', '/docs/index', { headers: unknown })).status).toBe(
      404,
    );
  });

  it('should answer 401 without a token or with an unknown one, 403 for the API key', async () => {
    const none = await call(t.server, 'GET', `${t.base}/docs/index`);
    expect([none.status, none.text]).toEqual([401, 'missing token']);
    const unknown = await t.as('f'.repeat(32), 'GET', '/docs/index');
    expect([unknown.status, unknown.text]).toEqual([401, 'invalid token']);
    expect((await t.as(t.app.apiKey, 'GET', '/docs/index')).status).toBe(403);
  });

  it("should not accept one app's token for another app", async () => {
    const other = await startTestServer({
      apps: [
        { id: 'one', apiKey: 'k1', adminKey: 'a1' },
        { id: 'two', apiKey: 'k2', adminKey: 'a2' },
      ],
    });
    try {
      const user = await other.createUser('x@b.com');
      const res = await call(other.server, 'GET', '/1/two/docs/index', {
        headers: { 'X-Simperium-Token': user.access_token },
      });
      expect(res.status).toBe(401);
      expect((await call(other.server, 'GET', '/1/three/docs/index')).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
