import {
  call,
  json,
  startTestServer,
  type RawResponse,
  type TestServer,
} from '../../support/server-http';

describe('handleAuth', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const auth = (
    action: string,
    body: unknown,
    headers: Record<string, string> = { 'X-Simperium-API-Key': t.app.apiKey },
  ): Promise<RawResponse> => call(t.server, 'POST', `${t.base}/${action}/`, { headers, body });

  const admin = (): Record<string, string> => ({ 'X-Simperium-API-Key': t.app.adminKey });

  describe('create', () => {
    it('should refuse a username that is not an email address', async () => {
      const res = await auth('create', { username: 'not-an-email', password: 'p' });
      expect(res.status).toBe(400);
    });

    it('should refuse usernames with control characters or lone surrogates, which no client can send back', async () => {
      for (const username of [
        'a\u0000b@example.com',
        'a\u001b[31m@example.com',
        'a\ud800@example.com',
      ]) {
        expect((await auth('create', { username, password: 'p' })).status).toBe(400);
      }
      await t.createUser('a@b.com', 'pw');
      const rename = { username: 'a@b.com', password: 'pw', new_username: 'a\u0007@b.com' };
      expect((await auth('update', rename)).status).toBe(400);
      const unicode = await auth('create', { username: 'ünï+😀\u200d@exämple.com', password: 'p' });
      expect(unicode.status).toBe(200);
    });

    it('should require a password', async () => {
      expect((await auth('create', { username: 'a@b.com' })).status).toBe(400);
      expect((await auth('create', { username: 'a@b.com', password: '' })).status).toBe(400);
      expect((await auth('create', { username: 'a@b.com', password: 5 })).status).toBe(400);
    });

    it('should answer 409 for an existing user, whatever the case of the address', async () => {
      await t.createUser('a@b.com');
      expect((await auth('create', { username: 'a@b.com', password: 'x' })).status).toBe(409);
      expect((await auth('create', { username: 'A@B.com', password: 'x' })).status).toBe(409);
    });

    it('should let only one of two simultaneous creations of a username succeed', async () => {
      const both = await Promise.all([
        auth('create', { username: 'race@b.com', password: 'x' }),
        auth('create', { username: 'race@b.com', password: 'y' }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('should take the key from the client_id field of a form body', async () => {
      const res = await call(t.server, 'POST', `${t.base}/create`, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `username=form%40b.com&password=p&client_id=${t.app.apiKey}`,
      });
      expect(res.status).toBe(200);
      expect(json(res)).toMatchObject({ username: 'form@b.com' });
    });

    it('should parse a JSON body labelled as a form', async () => {
      const res = await auth('create', '{"username":"py@b.com","password":"p"}', {
        'X-Simperium-API-Key': t.app.apiKey,
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(200);
    });

    it('should answer 400 without a key and 401 with a wrong one, never echoing it', async () => {
      const missing = await auth('create', { username: 'a@b.com', password: 'p' }, {});
      expect([missing.status, missing.text]).toEqual([400, 'missing api key']);
      const wrong = await auth(
        'create',
        { username: 'a@b.com', password: 'p' },
        { 'X-Simperium-API-Key': 'guessed-key' },
      );
      expect([wrong.status, wrong.text]).toEqual([401, 'invalid app credentials']);
    });

    it('should answer 400 for JSON that is not an object', async () => {
      expect((await auth('create', '["a@b.com","p"]')).status).toBe(400);
    });
  });

  describe('authorize', () => {
    it('should answer 401 with the same message for a wrong password and an unknown user', async () => {
      await t.createUser('a@b.com', 'right');
      const wrong = await auth('authorize', { username: 'a@b.com', password: 'wrong' });
      const unknown = await auth('authorize', { username: 'nobody@b.com', password: 'right' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.text).toBe(unknown.text);
      expect(wrong.text).not.toContain('wrong');
    });

    it('should issue tokens that all work', async () => {
      const user = await t.createUser('a@b.com', 'pw');
      const again = json(await auth('authorize', { username: 'a@b.com', password: 'pw' })) as {
        access_token: string;
      };
      for (const token of [user.access_token, again.access_token]) {
        expect((await t.as(token, 'GET', '/b/index')).status).toBe(200);
      }
    });
  });

  describe('update', () => {
    it('should need the current password', async () => {
      await t.createUser('a@b.com', 'pw');
      const res = await auth('update', { username: 'a@b.com', password: 'bad', new_password: 'n' });
      expect(res.status).toBe(401);
    });

    it('should change the password and revoke the existing tokens', async () => {
      const user = await t.createUser('a@b.com', 'old');
      const res = await auth('update', {
        username: 'a@b.com',
        password: 'old',
        new_password: 'new',
      });
      expect([res.status, json(res)]).toEqual([200, { status: 'success' }]);
      expect((await t.as(user.access_token, 'GET', '/b/index')).status).toBe(401);
      expect((await auth('authorize', { username: 'a@b.com', password: 'old' })).status).toBe(401);
      expect((await auth('authorize', { username: 'a@b.com', password: 'new' })).status).toBe(200);
    });

    it('should keep tokens when only the username changes', async () => {
      const user = await t.createUser('a@b.com', 'pw');
      await auth('update', { username: 'a@b.com', password: 'pw', new_username: 'c@d.com' });
      expect((await t.as(user.access_token, 'GET', '/b/index')).status).toBe(200);
      expect((await auth('authorize', { username: 'a@b.com', password: 'pw' })).status).toBe(401);
    });

    it('should refuse a taken or invalid new username, or nothing to change', async () => {
      await t.createUser('a@b.com', 'pw');
      await t.createUser('taken@b.com');
      const base = { username: 'a@b.com', password: 'pw' };
      expect((await auth('update', { ...base, new_username: 'taken@b.com' })).status).toBe(409);
      expect((await auth('update', { ...base, new_username: 'nope' })).status).toBe(400);
      expect((await auth('update', base)).status).toBe(400);
    });
  });

  describe('reset_password', () => {
    it('should refuse the plain API key with a 403', async () => {
      await t.createUser('a@b.com');
      const res = await auth('reset_password', { username: 'a@b.com', new_password: 'x' });
      expect(res.status).toBe(403);
    });

    it('should accept the admin key as X-Simperium-Token and revoke tokens', async () => {
      const user = await t.createUser('a@b.com', 'old');
      const res = await auth(
        'reset_password',
        { username: 'a@b.com', new_password: 'new' },
        { 'X-Simperium-Token': t.app.adminKey },
      );
      expect(res.status).toBe(200);
      expect((await t.as(user.access_token, 'GET', '/b/index')).status).toBe(401);
      expect((await auth('authorize', { username: 'a@b.com', password: 'new' })).status).toBe(200);
    });

    it('should answer 404 for an unknown user and 400 without a new password', async () => {
      await t.createUser('a@b.com');
      const headers = admin();
      expect(
        (await auth('reset_password', { username: 'x@b.com', new_password: 'n' }, headers)).status,
      ).toBe(404);
      expect((await auth('reset_password', { username: 'a@b.com' }, headers)).status).toBe(400);
    });
  });

  describe('delete', () => {
    it('should need the admin key', async () => {
      await t.createUser('a@b.com');
      expect((await auth('delete', { username: 'a@b.com' })).status).toBe(403);
      expect(
        (await auth('delete', { username: 'a@b.com' }, { 'X-Simperium-API-Key': 'x' })).status,
      ).toBe(401);
    });

    it('should answer 404 for an unknown user', async () => {
      expect((await auth('delete', { username: 'x@b.com' }, admin())).status).toBe(404);
    });

    it('should remove the user with their tokens, objects, history and shares', async () => {
      const gone = await t.createUser('gone@b.com');
      const friend = await t.createUser('friend@b.com');
      await t.as(gone.access_token, 'POST', '/b/i/note', { body: { secret: 1 } });
      await t.as(gone.access_token, 'POST', '/b/i/note/share/friend@b.com', { body: {} });
      await t.as(friend.access_token, 'POST', '/b/i/mine', { body: { mine: 1 } });

      expect((await auth('delete', { username: 'gone@b.com' }, admin())).status).toBe(200);

      expect((await t.as(gone.access_token, 'GET', '/b/index')).status).toBe(401);
      expect((await t.as(friend.access_token, 'GET', `/b/i/${gone.userid}/note`)).status).toBe(404);
      const all = json(await t.as(t.app.adminKey, 'GET', '/b/all?wait=0')) as Array<{ id: string }>;
      expect(all.map((c) => c.id)).toEqual([`${friend.userid}/mine`]);
      const again = await t.createUser('gone@b.com');
      const index = json(await t.as(again.access_token, 'GET', '/b/index')) as { index: unknown[] };
      expect(index.index).toEqual([]);
    });
  });
});
