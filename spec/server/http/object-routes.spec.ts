import { json, startTestServer, type TestServer, type TestUser } from '../../support/server-http';

describe('handleObject', () => {
  let t: TestServer;
  let user: TestUser;
  beforeEach(async () => {
    t = await startTestServer();
    user = await t.createUser('a@b.com');
  });
  afterEach(() => t.close());

  const post = (path: string, body: unknown) =>
    t.as(user.access_token, 'POST', `/notes/i/${path}`, { body });
  const get = (path: string) => t.as(user.access_token, 'GET', `/notes/i/${path}`);
  const del = (path: string) => t.as(user.access_token, 'DELETE', `/notes/i/${path}`);
  const changes = async () =>
    json(await t.as(user.access_token, 'GET', '/notes/changes?wait=0')) as Array<
      Record<string, unknown>
    >;

  describe('POST', () => {
    it('should answer 200 with an empty body and the new version', async () => {
      const res = await post('n1', { a: 1 });
      expect([res.status, res.text, res.version]).toEqual([200, '', '1']);
    });

    it('should merge top-level keys into the current object', async () => {
      await post('n1', { a: 1, b: { c: 2 } });
      const res = await post('n1?response=1', { b: { d: 3 }, e: null });
      expect(json(res)).toEqual({ a: 1, b: { d: 3 }, e: null });
      expect(res.version).toBe('2');
    });

    it('should replace the whole object with replace=1', async () => {
      await post('n1', { a: 1, b: 2 });
      const res = await post('n1?replace=1&response=1', { b: 3 });
      expect(json(res)).toEqual({ b: 3 });
      expect(json(await get('n1'))).toEqual({ b: 3 });
    });

    it('should answer 412 with the version unchanged when nothing changes', async () => {
      await post('n1', { a: 1, b: 2 });
      const merged = await post('n1', { a: 1 });
      expect([merged.status, merged.text, merged.version]).toEqual([412, '', '1']);
      const replaced = await post('n1?replace=1', { b: 2, a: 1 });
      expect([replaced.status, replaced.version]).toEqual([412, '1']);
      expect(await changes()).toHaveLength(1);
    });

    it('should create an empty object once, then answer 412', async () => {
      expect((await post('empty', {})).status).toBe(200);
      expect((await post('empty', {})).status).toBe(412);
    });

    it('should answer 409 when the ccid was already applied to the object', async () => {
      expect((await post('n1?ccid=c1', { a: 1 })).status).toBe(200);
      const again = await post('n1?ccid=c1', { a: 2 });
      expect(again.status).toBe(409);
      expect(json(await get('n1'))).toEqual({ a: 1 });
      expect((await post('n2?ccid=c1', { a: 1 })).status).toBe(200);
    });

    it('should record the change with its ccid and clientid, without sv for a creation', async () => {
      await post('n1?ccid=c1&clientid=me', { a: 'x' });
      await post('n1?ccid=c2&clientid=me', { a: 'xy' });
      const [created, modified] = await changes();
      expect(created).toEqual({
        id: 'n1',
        o: 'M',
        v: { a: { o: '+', v: 'x' } },
        ev: 1,
        cv: expect.any(String),
        ccids: ['c1'],
        clientid: 'me',
      });
      expect(modified).toMatchObject({ id: 'n1', o: 'M', sv: 1, ev: 2, ccids: ['c2'] });
      expect(modified?.['v']).toEqual({ a: { o: 'd', v: '=1\t+y' } });
    });

    it('should rebase an edit of an old version over every change since', async () => {
      await post('n1', { title: 'Hello world', n: 1 });
      await post('n1/v/1', { title: 'Hello brave world', n: 1 });
      await post('n1/v/2', { title: 'Hello brave world', n: 2 });
      const res = await post('n1/v/1?response=1', { title: 'Hello world!' });
      expect(json(res)).toEqual({ title: 'Hello brave world!', n: 2 });
      expect(res.version).toBe('4');
    });

    it('should apply an edit of the current version like a plain post', async () => {
      await post('n1', { a: 'x', b: 1 });
      const res = await post('n1/v/1?response=1', { a: 'y' });
      expect(json(res)).toEqual({ a: 'y', b: 1 });
    });

    it('should answer 404 for a version that does not exist', async () => {
      await post('n1', { a: 1 });
      expect((await post('n1/v/2', { a: 2 })).status).toBe(404);
      expect((await post('n1/v/0', { a: 2 })).status).toBe(404);
      expect((await post('missing/v/1', { a: 2 })).status).toBe(404);
    });

    it('should answer 400 for a body that is not a JSON object', async () => {
      for (const body of ['[1]', 'null', '"s"', '{bad json', '']) {
        expect((await post('n1', body)).status).toBe(400);
      }
      expect((await get('n1')).status).toBe(404);
    });

    it('should answer 400 for an invalid id, version or query flag, without writing', async () => {
      expect((await post('bad%00id', { a: 1 })).status).toBe(400);
      expect((await post('n1/v/x', { a: 1 })).status).toBe(400);
      expect((await post('n1?response=maybe', { a: 1 })).status).toBe(400);
      expect((await get('n1')).status).toBe(404);
    });
  });

  describe('GET', () => {
    it('should return the object with its version, or a given version', async () => {
      await post('n1', { a: 1 });
      await post('n1', { a: 2 });
      const current = await get('n1');
      expect([current.status, json(current), current.version]).toEqual([200, { a: 2 }, '2']);
      const first = await get('n1/v/1');
      expect([first.status, json(first), first.version]).toEqual([200, { a: 1 }, '1']);
    });

    it('should answer 404 for a missing object or an unknown version', async () => {
      await post('n1', { a: 1 });
      expect((await get('nothing')).status).toBe(404);
      expect((await get('n1/v/7')).status).toBe(404);
    });
  });

  describe('DELETE', () => {
    it('should answer 200 with an empty body and record an o:- change', async () => {
      await post('n1', { a: 1 });
      const res = await del('n1?ccid=d1&clientid=me');
      expect([res.status, res.text, res.version]).toEqual([200, '', '2']);
      const last = (await changes()).pop();
      expect(last).toEqual({
        id: 'n1',
        o: '-',
        sv: 1,
        ev: 2,
        cv: expect.any(String),
        ccids: ['d1'],
        clientid: 'me',
      });
      expect((await get('n1')).status).toBe(404);
      expect((await get('n1/v/1')).status).toBe(404);
    });

    it('should answer 404 for a missing or already deleted object', async () => {
      expect((await del('nothing')).status).toBe(404);
      await post('n1', { a: 1 });
      await del('n1');
      expect((await del('n1')).status).toBe(404);
    });

    it('should answer 412 when /v/n is not the current version', async () => {
      await post('n1', { a: 1 });
      await post('n1', { a: 2 });
      const stale = await del('n1/v/1');
      expect([stale.status, stale.version]).toEqual([412, '2']);
      expect((await del('n1/v/2')).status).toBe(200);
    });

    it('should answer 409 for a repeated ccid', async () => {
      await post('n1', { a: 1 });
      expect((await del('n1?ccid=d1')).status).toBe(200);
      expect((await del('n1?ccid=d1')).status).toBe(409);
    });

    it('should let a later post re-create the object, continuing the versions', async () => {
      await post('n1', { a: 1, b: 1 });
      await del('n1');
      const res = await post('n1?response=1', { c: 3 });
      expect([res.status, res.version, json(res)]).toEqual([200, '3', { c: 3 }]);
      const last = (await changes()).pop();
      expect(last).toMatchObject({ o: 'M', ev: 3, v: { c: { o: '+', v: 3 } } });
      expect(last).not.toHaveProperty('sv');
      const rebased = await post('n1/v/1?response=1', { a: 2 });
      expect([rebased.status, rebased.version]).toEqual([200, '4']);
    });
  });
});
