/**
 * `<ch>:init:` on the streaming endpoint: who a channel acts for, the `auth` answers, the limits on
 * channels and sockets, `cmd`, and channels whose token is revoked.
 */
import { openStream, type StreamClient } from '../../support/stream-socket';
import {
  call,
  json,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

describe('init', () => {
  let t: TestServer;
  let alice: TestUser;
  let s: StreamClient;
  beforeEach(async () => {
    t = await startTestServer({ maxChannelsPerSocket: 2, maxSocketsPerUser: 2 });
    alice = await t.createUser('alice@example.com');
    s = await openStream(t.server, t.app.id);
  });
  afterEach(() => t.close());

  const failure = (code: number, msg: string, channel = 0) =>
    `${channel}:auth:${JSON.stringify({ msg, code })}`;

  it("should answer a user's token with auth:<username>", async () => {
    s.init(0, alice.access_token, { app_id: 'TEST-APP', library: 'node-simperium' });
    expect(await s.next()).toBe('0:auth:alice@example.com');
    expect(t.server.stats()).toMatchObject({ streamingSockets: 1, streamingChannels: 1 });
  });

  it.each([
    ['not JSON', 'nope', 400, 'init must be a JSON object'],
    ['an array', '[]', 400, 'init must be a JSON object'],
    ['no token', '{"name":"note"}', 400, 'invalid token'],
    ['a token that is not a string', '{"name":"note","token":7}', 400, 'token must be a string'],
    ['an unknown token', '{"name":"note","token":"nope"}', 401, 'invalid token'],
    [
      'another app',
      '{"name":"note","token":"x","app_id":"other"}',
      500,
      'app_id does not match the URL',
    ],
    ['an invalid bucket', '{"name":"a/b","token":"x"}', 500, 'invalid bucket name'],
    [
      'an invalid clientid',
      '{"name":"note","token":"x","clientid":"a\\u0000"}',
      500,
      'invalid clientid',
    ],
  ])('should refuse %s, keeping the socket open', async (_what, payload, code, msg) => {
    s.send(`0:init:${payload}`);
    s.send('h:1');
    expect(await s.take(2)).toEqual([failure(code, msg), 'h:2']);
    expect(t.server.stats().streamingChannels).toBe(0);
  });

  it('should refuse the API key, and the admin key without a known user to act as', async () => {
    s.init(0, t.app.apiKey);
    s.init(1, t.app.adminKey);
    s.init(2, t.app.adminKey, { user: 'f'.repeat(32) });
    expect(await s.take(3)).toEqual([
      failure(401, 'api key cannot access data'),
      failure(400, 'missing user', 1),
      failure(401, 'unknown user', 2),
    ]);
  });

  it('should let the admin key act as the user `user` names', async () => {
    s.init(0, t.app.adminKey, { user: alice.userid });
    expect(await s.next()).toBe('0:auth:alice@example.com');
    s.send('0:c:{"o":"M","id":"n1","ccid":"a1","v":{"t":{"o":"+","v":"x"}}}');
    expect(await s.json('0:c:')).toMatchObject([{ id: 'n1', ev: 1, ccids: ['a1'] }]);
    const res = await t.as(alice.access_token, 'GET', '/note/i/n1');
    expect(json(res)).toEqual({ t: 'x' });
  });

  it('should read the bucket name in any case', async () => {
    await t.as(alice.access_token, 'POST', '/note/i/n1', { body: { t: 'x' } });
    s.init(0, alice.access_token, { name: 'NOTE', cmd: 'i:1:::10' });
    expect(await s.next()).toBe('0:auth:alice@example.com');
    expect(await s.json('0:i:')).toMatchObject({ index: [{ id: 'n1', v: 1, d: { t: 'x' } }] });
  });

  it('should run cmd once authenticated, and answer an init in cmd with <ch>:?', async () => {
    s.init(0, alice.access_token, { cmd: 'cv:' });
    s.init(1, alice.access_token, { cmd: 'init:{}' });
    expect(await s.take(4)).toEqual([
      '0:auth:alice@example.com',
      '0:cv:?',
      '1:auth:alice@example.com',
      '1:?',
    ]);
  });

  it('should refuse a channel past the limit, but open a channel again in its place', async () => {
    s.init(0, alice.access_token);
    s.init(1, alice.access_token, { name: 'todo' });
    s.init(2, alice.access_token);
    s.init(1, alice.access_token, { name: 'other' });
    expect(await s.take(4)).toEqual([
      '0:auth:alice@example.com',
      '1:auth:alice@example.com',
      failure(500, 'too many channels on this socket (at most 2)', 2),
      '1:auth:alice@example.com',
    ]);
    expect(t.server.stats().streamingChannels).toBe(2);
  });

  it("should refuse a user's socket past the limit, counting a socket once, and free it on close", async () => {
    const bob = await t.createUser('bob@example.com');
    const second = await openStream(t.server, t.app.id);
    const third = await openStream(t.server, t.app.id);
    s.init(0, alice.access_token);
    s.init(1, alice.access_token, { name: 'todo' });
    second.init(0, alice.access_token);
    expect(await s.take(2)).toHaveLength(2);
    expect(await second.next()).toBe('0:auth:alice@example.com');
    third.init(0, alice.access_token);
    third.init(1, bob.access_token);
    expect(await third.take(2)).toEqual([
      failure(500, 'too many sockets for this user (at most 2)'),
      '1:auth:bob@example.com',
    ]);
    await second.close();
    await until(() => t.server.stats().streamingSockets === 2);
    third.init(0, alice.access_token);
    expect(await third.next()).toBe('0:auth:alice@example.com');
  });

  it("should keep a channel when another user's tokens are revoked, and refuse unknown commands", async () => {
    const bob = await t.createUser('bob@example.com');
    s.init(0, alice.access_token, { cmd: 'i:1:::10' });
    await s.take(2);
    const reset = await call(t.server, 'POST', `${t.base}/reset_password/`, {
      headers: { 'X-Simperium-API-Key': t.app.adminKey },
      body: { username: bob.username, new_password: 'changed' },
    });
    expect(reset.status).toBe(200);
    s.send('0:x:1');
    s.send('0:cv:');
    expect(await s.take(2)).toEqual(['0:?', '0:cv:?']);
    expect(t.server.stats().streamingChannels).toBe(1);
  });

  it('should tell a channel whose token was revoked, at its next command or change, and drop it', async () => {
    s.init(0, alice.access_token, { cmd: 'i:1:::10' });
    s.init(1, alice.access_token, { name: 'todo' });
    expect(await s.take(3)).toHaveLength(3);
    const reset = await call(t.server, 'POST', `${t.base}/reset_password/`, {
      headers: { 'X-Simperium-API-Key': t.app.adminKey },
      body: { username: 'alice@example.com', new_password: 'changed' },
    });
    expect(reset.status).toBe(200);
    const revoked = failure(401, 'Token invalid');
    // The live channel is told when the reset wakes its subscription; the other at its next command.
    expect(await s.next()).toBe(revoked);
    s.send('1:i:1:::10');
    s.send('1:i:1:::10');
    expect(await s.take(2)).toEqual([failure(401, 'Token invalid', 1), '1:?']);
    expect(t.server.stats().streamingChannels).toBe(0);
  });
});
