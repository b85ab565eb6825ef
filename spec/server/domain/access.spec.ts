import { isValidObjectKey } from '../../../lib/server/domain/access';
import { json, startTestServer, type TestServer, type TestUser } from '../../support/server-http';

describe('isValidObjectKey', () => {
  it.each([
    ['uuid hex', 'f6b680f8504c4e31a0e54a95401ffca0'],
    ['the documented punctuation', 'a.b_c%d@e-f'],
    ['emoji', 'todo-😀-🎉'],
    ['combining marks', 'cafe\u0301'],
    ['right-to-left text', 'מסמך-שלום'],
    ['256 code points of emoji', '😀'.repeat(256)],
  ])('should accept %s', (_name, key) => {
    expect(isValidObjectKey(key)).toBe(true);
  });

  it.each([
    ['an empty key', ''],
    ['a slash', 'a/b'],
    ['a dot segment', '.'],
    ['two dots', '..'],
    ['a control character', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['a lone high surrogate', 'a\uD83Db'],
    ['a lone low surrogate', '\uDE00'],
    ['257 code points', 'x'.repeat(257)],
  ])('should refuse %s', (_name, key) => {
    expect(isValidObjectKey(key)).toBe(false);
  });
});

describe('resolveAccess', () => {
  let t: TestServer;
  let user: TestUser;
  beforeEach(async () => {
    t = await startTestServer();
    user = await t.createUser('a@b.com');
  });
  afterEach(() => t.close());

  it('should store and list an object whose id has emoji, combining marks and RTL text', async () => {
    const id = 'note-😀-cafe\u0301-שלום';
    const path = `/notes/i/${encodeURIComponent(id)}`;
    const posted = await t.as(user.access_token, 'POST', path, { body: { title: '🎉' } });
    expect(posted.status).toBe(200);
    expect(json(await t.as(user.access_token, 'GET', path))).toEqual({ title: '🎉' });
    const index = json(await t.as(user.access_token, 'GET', '/notes/index')) as {
      index: Array<{ id: string }>;
    };
    expect(index.index.map((e) => e.id)).toEqual([id]);
  });

  it('should answer 400 for an id with a control character, without writing', async () => {
    const res = await t.as(user.access_token, 'POST', '/notes/i/a%00b', { body: { a: 1 } });
    expect(res.status).toBe(400);
    const index = json(await t.as(user.access_token, 'GET', '/notes/index')) as {
      index: unknown[];
    };
    expect(index.index).toEqual([]);
  });
});
