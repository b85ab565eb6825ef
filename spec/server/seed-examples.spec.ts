/**
 * Every curl example of the HTTP API reference, replayed over raw HTTP.
 */
import { call, json, startTestServer, type TestServer } from '../support/server-http';

describe('startServer (HTTP API reference examples)', () => {
  let t: TestServer;
  const apiKey = (): Record<string, string> => ({ 'X-Simperium-API-Key': t.app.apiKey });
  const adminKey = (): Record<string, string> => ({ 'X-Simperium-API-Key': t.app.adminKey });

  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  it('should create a user (create)', async () => {
    const res = await call(t.server, 'POST', `${t.base}/create/`, {
      headers: apiKey(),
      body: '{"username":"test@test.com", "password":"test"}',
    });
    expect(res.status).toBe(200);
    const body = json(res) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'userid', 'username']);
    expect(body['username']).toBe('test@test.com');
    expect(body['access_token']).toMatch(/^[0-9a-f]{32}$/);
    expect(body['userid']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('should give a new access token for the same user (authorize)', async () => {
    const created = await t.createUser('test@test.com', 'test');
    const res = await call(t.server, 'POST', `${t.base}/authorize/`, {
      headers: apiKey(),
      body: '{"username":"test@test.com", "password":"test"}',
    });
    expect(res.status).toBe(200);
    const body = json(res) as Record<string, string>;
    expect(body).toEqual({
      username: 'test@test.com',
      userid: created.userid,
      access_token: expect.any(String),
    });
    expect(body['access_token']).not.toBe(created.access_token);
  });

  it('should change the username (update)', async () => {
    await t.createUser('test@test.com', 'test');
    const res = await call(t.server, 'POST', `${t.base}/update/`, {
      headers: apiKey(),
      body: '{"username":"test@test.com", "password":"test", "new_username":"test2@test.com"}',
    });
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ status: 'success' });
    const again = await call(t.server, 'POST', `${t.base}/authorize/`, {
      headers: apiKey(),
      body: { username: 'test2@test.com', password: 'test' },
    });
    expect(again.status).toBe(200);
  });

  it('should set a password with the admin key (reset_password)', async () => {
    await t.createUser('test@test.com', 'test');
    const res = await call(t.server, 'POST', `${t.base}/reset_password/`, {
      headers: adminKey(),
      body: '{"username":"test@test.com", "new_password":"newpass"}',
    });
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ status: 'success' });
    const login = await call(t.server, 'POST', `${t.base}/authorize/`, {
      headers: apiKey(),
      body: { username: 'test@test.com', password: 'newpass' },
    });
    expect(login.status).toBe(200);
  });

  it('should delete a user with the admin key (delete)', async () => {
    await t.createUser('test@test.com', 'test');
    const res = await call(t.server, 'POST', `${t.base}/delete/`, {
      headers: adminKey(),
      body: '{"username":"test@test.com"}',
    });
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ status: 'success' });
    const login = await call(t.server, 'POST', `${t.base}/authorize/`, {
      headers: apiKey(),
      body: { username: 'test@test.com', password: 'test' },
    });
    expect(login.status).toBe(401);
  });

  it('should list a page of objects (index)', async () => {
    const { access_token: token } = await t.createUser('test@test.com');
    await t.as(token, 'POST', '/bucket/i/item1', { body: { n: 1 } });
    for (const n of [1, 2, 3]) await t.as(token, 'POST', '/bucket/i/item2', { body: { n } });
    const res = await t.as(token, 'GET', '/bucket/index');
    expect(res.status).toBe(200);
    const body = json(res) as { index: unknown; current: string };
    expect(body).toEqual({
      index: [
        { id: 'item2', v: 3 },
        { id: 'item1', v: 1 },
      ],
      current: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
  });

  it('should retrieve an object with its version header (get)', async () => {
    const { access_token: token } = await t.createUser('test@test.com');
    await t.as(token, 'POST', '/bucket/i/item', { body: { sample: 'object' } });
    const res = await t.as(token, 'GET', '/bucket/i/item');
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ sample: 'object' });
    expect(res.version).toBe('1');
    const v1 = await t.as(token, 'GET', '/bucket/i/item/v/1');
    expect(json(v1)).toEqual({ sample: 'object' });
  });

  it('should answer the modify example sequence exactly (post, 412, v/1 twice)', async () => {
    const { access_token: token } = await t.createUser('test@test.com');
    const post = (path: string, body: string) => t.as(token, 'POST', `/sample/i/${path}`, { body });

    const first = await post('newitem?response=1', '{"a": "b"}');
    expect([first.status, first.version, json(first)]).toEqual([200, '1', { a: 'b' }]);
    expect(first.headers.get('content-type')).toBe('application/json; charset=UTF-8');

    const same = await post('newitem?response=1', '{"a": "b"}');
    expect([same.status, same.version, same.text]).toEqual([412, '1', '']);
    expect(same.headers.get('content-length')).toBe('0');

    const second = await post('newitem/v/1?response=1', '{"a": "bc"}');
    expect([second.status, second.version, json(second)]).toEqual([200, '2', { a: 'bc' }]);

    const third = await post('newitem/v/1?response=1', '{"a": "bd"}');
    expect([third.status, third.version, json(third)]).toEqual([200, '3', { a: 'bcd' }]);
  });

  it('should delete an object with an empty body (delete)', async () => {
    const { access_token: token } = await t.createUser('test@test.com');
    await t.as(token, 'POST', '/bucket/i/item', { body: { a: 1 } });
    const res = await t.as(token, 'DELETE', '/bucket/i/item');
    expect([res.status, res.text, res.version]).toEqual([200, '', '2']);
    expect((await t.as(token, 'GET', '/bucket/i/item')).status).toBe(404);
  });

  it('should share an object with another user (share)', async () => {
    const owner = await t.createUser('owner@test.com');
    const friend = await t.createUser('friend@test.com');
    await t.as(owner.access_token, 'POST', '/bucket/i/item', { body: { a: 1 } });
    const res = await t.as(owner.access_token, 'POST', '/bucket/i/item/share/friend@test.com', {
      body: '{"write_access": true}',
    });
    expect([res.status, res.text]).toEqual([200, '']);
    const seen = await t.as(friend.access_token, 'GET', `/bucket/i/${owner.userid}/item`);
    expect([seen.status, json(seen)]).toEqual([200, { a: 1 }]);
  });

  it("should list every user's changes with the admin key (all)", async () => {
    const user = await t.createUser('test@test.com');
    await t.as(user.access_token, 'POST', '/bucket/i/item?clientid=c1&ccid=x1', { body: { a: 1 } });
    const res = await t.as(t.app.adminKey, 'GET', '/bucket/all?data=1&username=1');
    expect(res.status).toBe(200);
    expect(json(res)).toEqual([
      {
        ccids: ['x1'],
        clientid: 'c1',
        cv: expect.stringMatching(/^[0-9a-f]{24}$/),
        id: `${user.userid}/item`,
        o: 'M',
        v: { a: { o: '+', v: 1 } },
        ev: 1,
        username: 'test@test.com',
        d: { a: 1 },
      },
    ]);
  });

  it('should list the buckets with the admin key (buckets)', async () => {
    const { access_token: token } = await t.createUser('test@test.com');
    await t.as(token, 'POST', '/yourbucket/i/a', { body: { a: 1 } });
    await t.as(token, 'POST', '/YourOtherBucket/i/a', { body: { a: 1 } });
    const res = await t.as(t.app.adminKey, 'GET', '/buckets');
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ buckets: [{ name: 'yourbucket' }, { name: 'yourotherbucket' }] });
  });
});
