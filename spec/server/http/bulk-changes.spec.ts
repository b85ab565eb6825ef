import * as changeBatch from '../../../lib/server/domain/change-batch';
import { Subscribers } from '../../../lib/server/domain/subscribers';
import {
  call,
  json,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

type Result = Record<string, unknown> & { id: string };
type Change = Result & { cv: string; ev: number };

describe('handleBulkChanges', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let bucketCount = 0;
  let bucket: string;
  beforeAll(async () => {
    t = await startTestServer({ pollWindowMs: 60_000, maxBodyBytes: 64 * 1024 });
    [alice, bob, carol] = await Promise.all([
      t.createUser('alice@b.com'),
      t.createUser('bob@b.com'),
      t.createUser('carol@b.com'),
    ]);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    bucketCount += 1;
    bucket = `bulk${bucketCount}`;
  });
  afterEach(() => jest.restoreAllMocks());

  const bulk = (user: TestUser, body: unknown, query = 'clientid=py-1&wait=1') =>
    t.as(user.access_token, 'POST', `/${bucket}/changes?${query}`, { body });
  const results = async (user: TestUser, body: unknown): Promise<Result[]> => {
    const res = await bulk(user, body);
    expect(res.status).toBe(200);
    return json(res) as Result[];
  };
  const get = (user: TestUser, id: string) => t.as(user.access_token, 'GET', `/${bucket}/i/${id}`);
  const data = async (user: TestUser, id: string): Promise<unknown> => json(await get(user, id));
  const post = (user: TestUser, id: string, body: unknown) =>
    t.as(user.access_token, 'POST', `/${bucket}/i/${id}`, { body });
  const feed = async (user: TestUser, cv?: string): Promise<Change[]> => {
    const res = await t.as(
      user.access_token,
      'GET',
      `/${bucket}/changes?wait=0${cv ? `&cv=${cv}` : ''}`,
    );
    return json(res) as Change[];
  };
  /** A change as Python's `bulk_post` builds it: a diff from `{}`, a ccid, no `sv`. */
  const pythonChange = (id: string, fields: Record<string, unknown>, ccid: string) => ({
    id,
    o: 'M',
    v: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { o: '+', v }])),
    ccid,
  });

  it('should apply the changes Python bulk_post sends and answer each as recorded', async () => {
    const answer = await results(alice, [
      pythonChange('one', { title: 'first', done: false }, 'c1'),
      pythonChange('two', { title: 'second' }, 'c2'),
    ]);
    expect(answer).toEqual([
      {
        id: 'one',
        o: 'M',
        v: { title: { o: '+', v: 'first' }, done: { o: '+', v: false } },
        ev: 1,
        cv: expect.stringMatching(/^[0-9a-f]{24}$/),
        ccids: ['c1'],
        clientid: 'py-1',
      },
      {
        id: 'two',
        o: 'M',
        v: { title: { o: '+', v: 'second' } },
        ev: 1,
        cv: expect.stringMatching(/^[0-9a-f]{24}$/),
        ccids: ['c2'],
        clientid: 'py-1',
      },
    ]);
    expect(answer[0]).not.toHaveProperty('sv');
    expect(await data(alice, 'one')).toEqual({ title: 'first', done: false });
    const again = await results(alice, [pythonChange('one', { title: 'again' }, 'c3')]);
    expect(again[0]).toMatchObject({ sv: 1, ev: 2, v: { title: { o: 'd', v: '-5\t+again' } } });
    expect((await get(alice, 'one')).version).toBe('2');
    expect(await data(alice, 'one')).toEqual({ title: 'again', done: false });
  });

  it('should apply the changes and answer with an empty body without wait=1', async () => {
    const res = await bulk(alice, [pythonChange('quiet', { n: 1 }, 'q1')], 'clientid=py-1');
    expect([res.status, res.text]).toEqual([200, '']);
    expect(await data(alice, 'quiet')).toEqual({ n: 1 });
    expect((await bulk(alice, [pythonChange('quiet', { n: 2 }, 'q2')], 'wait=0')).text).toBe('');
    expect(await data(alice, 'quiet')).toEqual({ n: 2 });
  });

  it('should answer each refused change with its error code, in order', async () => {
    await post(alice, 'doc', { text: 'ab', n: 1 });
    await post(alice, 'gone', { x: 1 });
    await t.as(alice.access_token, 'DELETE', `/${bucket}/i/gone`);
    await results(alice, [{ id: 'doc', o: 'M', v: { n: { o: 'I', v: 1 } }, ccid: 'used' }]);
    const changes = [
      { id: '..', o: 'M', v: { a: { o: '+', v: 1 } }, ccid: 'e1' },
      { id: 'doc', o: 'M', v: { n: { o: 'x' } }, ccid: 'e2' },
      { id: 'doc', o: 'X', ccid: 'e3' },
      { id: 'doc', o: 'M', sv: 'one', v: {}, ccid: 'e4' },
      { id: 'nothing', o: '-', ccid: 'e5' },
      { id: 'gone', o: '-', ccid: 'e6' },
      { id: 'nothing', o: 'M', sv: 1, v: { a: { o: '+', v: 1 } }, ccid: 'e7' },
      { id: 'doc', o: 'M', sv: 7, v: { n: { o: 'r', v: 5 } }, ccid: 'e8' },
      { id: 'doc', o: '-', sv: 1, ccid: 'e9' },
      { id: 'doc', o: 'M', v: { n: { o: 'r', v: 9 } }, ccid: 'used' },
      { id: 'doc', o: 'M', v: { n: { o: 'r', v: 2 } }, ccid: 'e11' },
      { id: 'doc', o: 'M', v: { text: { o: 'd', v: '=9\t+x' } }, ccid: 'e12' },
      { id: 'doc', o: 'M', v: { text: { o: 'I', v: 1 } }, ccid: 'e13' },
    ];
    const answer = await results(alice, changes);
    expect(answer.map((r) => [r.id, r['error']])).toEqual([
      ['..', 400],
      ['doc', 400],
      ['doc', 400],
      ['doc', 400],
      ['nothing', 404],
      ['gone', 404],
      ['nothing', 404],
      ['doc', 405],
      ['doc', 405],
      ['doc', 409],
      ['doc', 412],
      ['doc', 440],
      ['doc', 440],
    ]);
    expect(answer[9]).toEqual({ id: 'doc', ccids: ['used'], clientid: 'py-1', error: 409 });
    expect(await data(alice, 'doc')).toEqual({ text: 'ab', n: 2 });
    expect((await get(alice, 'doc')).version).toBe('2');
  });

  it('should commit every good change beside the bad ones, and nothing of the bad ones', async () => {
    const answer = await results(alice, [
      pythonChange('a', { n: 1 }, 'g1'),
      { id: 'a', o: 'M', v: { n: { o: 'd', v: '=1' } }, ccid: 'b1' },
      pythonChange('b', { n: 1 }, 'g2'),
      { id: 'b', o: 'M', sv: 3, v: { n: { o: 'r', v: 2 } }, ccid: 'b2' },
      { id: 'a', o: 'M', sv: 1, v: { n: { o: 'I', v: 10 } }, ccid: 'g3' },
      { id: 'c', o: '-', ccid: 'b3' },
    ]);
    expect(answer.map((r) => r['error'] ?? r['ev'])).toEqual([1, 440, 1, 405, 2, 404]);
    const changes = await feed(alice);
    expect(changes.map((c) => [c.id, c.ev, (c['ccids'] as string[])[0]])).toEqual([
      ['a', 1, 'g1'],
      ['b', 1, 'g2'],
      ['a', 2, 'g3'],
    ]);
    expect(changes.map((c) => c.cv)).toEqual([answer[0], answer[2], answer[4]].map((r) => r?.cv));
    expect(await data(alice, 'a')).toEqual({ n: 11 });
    expect((await get(alice, 'c')).status).toBe(404);
  });

  it('should apply the changes of one object in order, each on top of the one before', async () => {
    const answer = await results(alice, [
      pythonChange('seq', { text: 'a' }, 's1'),
      { id: 'seq', o: 'M', sv: 1, v: { text: { o: 'd', v: '=1\t+b' } }, ccid: 's2' },
      { id: 'seq', o: 'M', sv: 2, v: { text: { o: 'd', v: '=2\t+c' } }, ccid: 's2' },
      { id: 'seq', o: 'M', sv: 2, v: { text: { o: 'd', v: '=2\t+c' } }, ccid: 's3' },
    ]);
    expect(answer.map((r) => r['error'] ?? [r['sv'], r['ev']])).toEqual([
      [undefined, 1],
      [1, 2],
      409,
      [2, 3],
    ]);
    expect(await data(alice, 'seq')).toEqual({ text: 'abc' });
  });

  it('should rebase a change made against an older version, as POST /v/n does', async () => {
    await post(alice, 'item', { a: 'b' });
    await t.as(alice.access_token, 'POST', `/${bucket}/i/item/v/1`, { body: { a: 'bc' } });
    const [result] = await results(alice, [
      { id: 'item', o: 'M', sv: 1, v: { a: { o: 'd', v: '=1\t+d' } }, ccid: 'r1' },
    ]);
    expect(result).toMatchObject({ sv: 2, ev: 3, v: { a: { o: 'd', v: '=2\t+d' } } });
    expect(await data(alice, 'item')).toEqual({ a: 'bcd' });
  });

  it('should set the whole object from d without v, rebased when it can be, else as sent', async () => {
    await post(alice, 'full', { a: 1, b: 2 });
    await results(alice, [{ id: 'full', o: 'M', d: { a: 3 }, ccid: 'd1' }]);
    expect(await data(alice, 'full')).toEqual({ a: 3 });
    await results(alice, [{ id: 'full', o: 'M', d: { a: 3, t: 'x' }, ccid: 'd2' }]);
    await post(alice, 'full', { a: 4 });
    await results(alice, [{ id: 'full', o: 'M', sv: 3, d: { a: 3, t: 'xy' }, ccid: 'd3' }]);
    expect(await data(alice, 'full')).toEqual({ a: 4, t: 'xy' });
    const recovered = await results(alice, [
      { id: 'full', o: 'M', sv: 40, d: { z: true }, ccid: 'd4' },
      { id: 'fresh', o: 'M', sv: 2, d: { made: 'again' }, ccid: 'd5' },
    ]);
    expect(recovered.map((r) => r['error'] ?? r['ev'])).toEqual([6, 1]);
    expect(await data(alice, 'full')).toEqual({ z: true });
    expect(await data(alice, 'fresh')).toEqual({ made: 'again' });
  });

  it('should delete with o: "-", at the current version when sv is given', async () => {
    await post(alice, 'del', { a: 1 });
    const [deleted] = await results(alice, [{ id: 'del', o: '-', sv: 1, ccid: 'x1' }]);
    expect(deleted).toEqual({
      id: 'del',
      o: '-',
      sv: 1,
      ev: 2,
      cv: expect.any(String),
      ccids: ['x1'],
      clientid: 'py-1',
    });
    expect((await get(alice, 'del')).status).toBe(404);
  });

  it('should wake a held long-poll once, after the commit, with every change of the batch', async () => {
    await post(alice, 'start', { n: 0 });
    const [first] = await feed(alice);
    const held = t.as(alice.access_token, 'GET', `/${bucket}/changes?cv=${first?.cv}`);
    await until(() => t.server.stats().heldPolls === 1);
    const notify = jest.spyOn(Subscribers.prototype, 'publish');
    const answer = await results(alice, [
      pythonChange('w1', { n: 1 }, 'h1'),
      pythonChange('w2', { n: 2 }, 'h2'),
      { id: 'w3', o: '-', ccid: 'h3' },
      pythonChange('w3', { n: 3 }, 'h4'),
    ]);
    const released = await held;
    expect(notify).toHaveBeenCalledTimes(1);
    const woken = json(released) as Change[];
    expect(woken.map((c) => c.id)).toEqual(['w1', 'w2', 'w3']);
    expect(woken.map((c) => c.cv)).toEqual([answer[0], answer[1], answer[3]].map((r) => r?.cv));
    expect(woken).toEqual([answer[0], answer[1], answer[3]]);
  });

  it('should not wake anyone when every change is refused', async () => {
    const abort = new AbortController();
    const held = t
      .as(alice.access_token, 'GET', `/${bucket}/changes`, { signal: abort.signal })
      .catch(() => undefined);
    await until(() => t.server.stats().heldPolls === 1);
    const publish = jest.spyOn(Subscribers.prototype, 'publish');
    const answer = await results(alice, [{ id: 'none', o: '-', ccid: 'n1' }]);
    expect(answer[0]?.['error']).toBe(404);
    expect(publish.mock.calls.map(([, , changes]) => changes.length)).toEqual([0]);
    expect(t.server.stats().heldPolls).toBe(1);
    abort.abort();
    await held;
    await until(() => t.server.stats().heldPolls === 0);
  });

  it('should show the batch in the admin feed with its clientid', async () => {
    await results(alice, [pythonChange('adm', { n: 1 }, 'a1')]);
    const res = await call(t.server, 'GET', `${t.base}/${bucket}/all?wait=0&data=1`, {
      headers: { 'X-Simperium-Token': t.app.adminKey },
    });
    expect(json(res)).toEqual([
      expect.objectContaining({
        id: `${alice.userid}/adm`,
        clientid: 'py-1',
        ccids: ['a1'],
        d: { n: 1 },
      }),
    ]);
  });

  it("should write only the caller's own objects and those shared with write access", async () => {
    await post(alice, 'mine', { owner: 'alice' });
    await post(alice, 'ro', { owner: 'alice' });
    await post(alice, 'rw', { owner: 'alice' });
    const share = (id: string, writeAccess: boolean) =>
      t.as(alice.access_token, 'POST', `/${bucket}/i/${id}/share/bob@b.com`, {
        body: { write_access: writeAccess },
      });
    expect((await share('ro', false)).status).toBe(200);
    expect((await share('rw', true)).status).toBe(200);
    const edit = (id: string, ccid: string) => ({
      id,
      o: 'M',
      v: { owner: { o: 'r', v: 'bob' } },
      ccid,
    });
    const answer = await results(bob, [
      edit(`${alice.userid}/mine`, 'i1'),
      edit(`${alice.userid}/ro`, 'i2'),
      edit(`${alice.userid}/rw`, 'i3'),
      edit('mine', 'i4'),
      { id: `${alice.userid}/rw`, o: '-', ccid: 'i5' },
    ]);
    expect(answer.map((r) => [r.id, r['error'] ?? r['ev']])).toEqual([
      [`${alice.userid}/mine`, 404],
      [`${alice.userid}/ro`, 401],
      [`${alice.userid}/rw`, 2],
      ['mine', 1],
      [`${alice.userid}/rw`, 3],
    ]);
    expect(await data(alice, 'mine')).toEqual({ owner: 'alice' });
    expect(await data(alice, 'ro')).toEqual({ owner: 'alice' });
    expect((await get(alice, 'rw')).status).toBe(404);
    expect(await data(bob, 'mine')).toEqual({ owner: 'bob' });
    const alicesFeed = await feed(alice);
    expect(alicesFeed.filter((c) => c.id === 'rw').map((c) => [c['o'], c.ev])).toEqual([
      ['M', 1],
      ['M', 2],
      ['-', 3],
    ]);
    expect(alicesFeed.map((c) => c.id)).not.toContain(`${bob.userid}/mine`);
    expect(await feed(carol)).toEqual([]);
  });

  it('should answer 400 for a body that is not a JSON array of objects', async () => {
    for (const body of ['{"id":"a"}', '[1]', '[{"id":"a","o":"M"}, null]', '[', 'nope', '']) {
      const res = await bulk(alice, body);
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect((await bulk(alice, '[]')).text).toBe('[]');
    expect((await bulk(alice, [], 'wait=maybe')).status).toBe(400);
    expect(await feed(alice)).toEqual([]);
  });

  it('should answer 413 for a body over the limit, and 401 without a valid token', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) => pythonChange(`o${i}`, { n: i }, `c${i}`));
    expect((await bulk(alice, many)).status).toBe(413);
    const anonymous = await call(t.server, 'POST', `${t.base}/${bucket}/changes?wait=1`, {
      body: [pythonChange('x', { n: 1 }, 'c')],
    });
    expect(anonymous.status).toBe(401);
    expect((await bulk({ ...alice, access_token: 'f'.repeat(32) }, [])).status).toBe(401);
    expect(await feed(alice)).toEqual([]);
  });
});

describe('#12 handleBulkChanges limits', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ maxBulkChanges: 50, maxAnswerBytes: 2_000 });
    alice = await t.createUser('alice@b.com');
  });
  afterAll(() => t.close());

  const change = (i: number, text = '') => ({
    id: `o${i}`,
    o: 'M',
    v: { n: { o: '+', v: i }, ...(text && { text: { o: '+', v: text } }) },
    ccid: `c${i}`,
  });
  const bulk = (bucket: string, body: unknown) =>
    t.as(alice.access_token, 'POST', `/${bucket}/changes?wait=1`, { body });

  it('should answer 413 naming the count for more than maxBulkChanges, applying none', async () => {
    const res = await bulk(
      'many',
      Array.from({ length: 51 }, (_, i) => change(i)),
    );
    expect([res.status, res.text]).toEqual([
      413,
      'too many changes: 51 in one request, at most 50',
    ]);
    expect(json(await t.as(alice.access_token, 'GET', '/many/changes?wait=0'))).toEqual([]);
    const fits = await bulk(
      'many',
      Array.from({ length: 50 }, (_, i) => change(i)),
    );
    expect((json(fits) as unknown[]).length).toBe(50);
  });

  it('should leave v out of the results past maxAnswerBytes, keeping one result per change', async () => {
    const res = await bulk(
      'big',
      Array.from({ length: 10 }, (_, i) => change(i, 'x'.repeat(400))),
    );
    const answer = json(res) as Array<Record<string, unknown>>;
    expect(answer.map((r) => r['ev'])).toEqual(Array(10).fill(1));
    expect(answer.map((r) => r['ccids'])).toEqual(answer.map((_, i) => [`c${i}`]));
    const withV = answer.filter((r) => 'v' in r).length;
    expect(withV).toBeGreaterThan(0);
    expect(withV).toBeLessThan(10);
    expect(answer.slice(withV).every((r) => !('v' in r))).toBe(true);
  });

  it('should apply a large request in several transactions, every change kept', async () => {
    const applied = jest.spyOn(changeBatch, 'applyChangeBatch');
    const publish = jest.spyOn(Subscribers.prototype, 'publish');
    const slow = jest.spyOn(performance, 'now');
    let clock = 0;
    slow.mockImplementation(() => (clock += 15));
    try {
      const res = await bulk(
        'sliced',
        Array.from({ length: 20 }, (_, i) => change(i)),
      );
      expect((json(res) as unknown[]).length).toBe(20);
      expect(applied.mock.calls.length).toBeGreaterThan(1);
      // Each transaction's changes are published as it commits, before another writer's later
      // change can be: subscribers get changes in cv order.
      const published = publish.mock.calls.map(([, , changes]) => changes.map((c) => c.cv));
      expect(published).toHaveLength(applied.mock.calls.length);
      expect(published.flat()).toEqual((json(res) as Array<{ cv: string }>).map((r) => r.cv));
    } finally {
      slow.mockRestore();
      applied.mockRestore();
    }
    for (const id of ['o0', 'o19']) {
      expect((await t.as(alice.access_token, 'GET', `/sliced/i/${id}`)).status).toBe(200);
    }
  });
});
