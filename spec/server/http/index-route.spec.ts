import { ZERO_CV } from '../../../lib/server/domain/cv';
import { json, startTestServer, type TestServer, type TestUser } from '../../support/server-http';

interface Page {
  current: string;
  index: Array<{ id: string; v: number; d?: unknown }>;
  mark?: string;
}

describe('handleIndex', () => {
  let t: TestServer;
  let user: TestUser;
  beforeEach(async () => {
    t = await startTestServer();
    user = await t.createUser('a@b.com');
  });
  afterEach(() => t.close());

  const write = (id: string, body: unknown) =>
    t.as(user.access_token, 'POST', `/list/i/${id}`, { body });
  const index = async (query = '') => {
    const res = await t.as(user.access_token, 'GET', `/list/index${query}`);
    expect(res.status).toBe(200);
    return json(res) as Page;
  };
  const lastCv = async () => {
    const changes = json(await t.as(user.access_token, 'GET', '/list/changes?wait=0')) as Array<{
      cv: string;
    }>;
    return changes[changes.length - 1]?.cv;
  };

  it('should answer an empty bucket with the zero cursor, which changes accepts', async () => {
    expect(await index()).toEqual({ current: ZERO_CV, index: [] });
    const res = await t.as(user.access_token, 'GET', `/list/changes?wait=0&cv=${ZERO_CV}`);
    expect([res.status, json(res)]).toEqual([200, []]);
  });

  it('should list objects newest-modified first with current = the last cv', async () => {
    await write('a', { n: 1 });
    await write('b', { n: 1 });
    await write('a', { n: 2 });
    expect(await index()).toEqual({
      current: await lastCv(),
      index: [
        { id: 'a', v: 2 },
        { id: 'b', v: 1 },
      ],
    });
  });

  it('should page by limit and mark, giving mark only while pages remain', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await write(id, { id });
    const first = await index('?limit=2');
    expect(first.index.map((e) => e.id)).toEqual(['e', 'd']);
    expect(Object.keys(first).sort()).toEqual(['current', 'index', 'mark']);
    const second = await index(`?limit=2&mark=${first.mark}`);
    expect(second.index.map((e) => e.id)).toEqual(['c', 'b']);
    const third = await index(`?limit=2&mark=${second.mark}`);
    expect(third.index.map((e) => e.id)).toEqual(['a']);
    expect(third).not.toHaveProperty('mark');
    expect(await index('?limit=5')).not.toHaveProperty('mark');
  });

  it('should include data with data=1', async () => {
    await write('a', { n: 1 });
    expect((await index('?data=1')).index).toEqual([{ id: 'a', v: 1, d: { n: 1 } }]);
  });

  it('should list only objects changed after since', async () => {
    await write('a', { n: 1 });
    await write('b', { n: 1 });
    const cv = await lastCv();
    await write('c', { n: 1 });
    await write('a', { n: 2 });
    expect((await index(`?since=${cv}`)).index.map((e) => e.id)).toEqual(['a', 'c']);
  });

  it('should leave deleted objects out', async () => {
    await write('a', { n: 1 });
    await write('b', { n: 1 });
    await t.as(user.access_token, 'DELETE', '/list/i/a');
    expect((await index()).index).toEqual([{ id: 'b', v: 1 }]);
  });

  it('should clamp limit to 1000', async () => {
    for (let i = 0; i < 3; i += 1) await write(`o${i}`, { i });
    expect((await index('?limit=100000')).index).toHaveLength(3);
  });

  it.each(['?limit=0', '?limit=-1', '?limit=ten', '?mark=zz', '?since=123', '?data=sure'])(
    'should answer 400 for %s',
    async (query) => {
      expect((await t.as(user.access_token, 'GET', `/list/index${query}`)).status).toBe(400);
    },
  );
});

describe('#11 #12 handleIndex bounded in bytes', () => {
  let t: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ maxAnswerBytes: 500 });
    user = await t.createUser('a@b.com');
    for (const [id, size] of [
      ['a', 150],
      ['b', 150],
      ['huge', 3000],
      ['c', 150],
    ] as const) {
      await t.as(user.access_token, 'POST', `/list/i/${id}`, {
        body: { text: 'x'.repeat(size), nested: { 'é😀': [1, 2.5, null, true] } },
      });
    }
  });
  afterAll(() => t.close());

  it('should stop a page at the byte bound, a larger object alone, and page on by mark', async () => {
    const seen: string[][] = [];
    let mark = '';
    do {
      const res = await t.as(
        user.access_token,
        'GET',
        `/list/index?data=1${mark && `&mark=${mark}`}`,
      );
      const page = json(res) as Page;
      expect(res.text.length <= 500 || page.index.length === 1).toBe(true);
      seen.push(page.index.map((e) => e.id));
      mark = page.mark ?? '';
    } while (mark !== '');
    expect(seen).toEqual([['c'], ['huge'], ['b', 'a']]);
  });

  it('should answer the stored JSON text of each object as it is', async () => {
    const res = await t.as(user.access_token, 'GET', '/list/index?data=1&limit=1');
    const stored = await t.as(user.access_token, 'GET', '/list/i/c');
    expect(res.text).toContain(`"d":${stored.text}`);
    expect((json(res) as Page).index[0]?.d).toEqual({
      text: 'x'.repeat(150),
      nested: { 'é😀': [1, 2.5, null, true] },
    });
  });

  it('should not bound an index without data below the count', async () => {
    expect((json(await t.as(user.access_token, 'GET', '/list/index')) as Page).index).toHaveLength(
      4,
    );
  });
});
