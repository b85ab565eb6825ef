/** `<ch>:c:` on the streaming endpoint: changes from a client, their answers and their rules. */
import { openStream, type StreamClient } from '../../support/stream-socket';
import { json, startTestServer, type TestServer, type TestUser } from '../../support/server-http';

type Answer = Record<string, unknown>;

describe('the c command', () => {
  let t: TestServer;
  let alice: TestUser;
  let s: StreamClient;
  beforeEach(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice@example.com');
    s = await openStream(t.server, t.app.id);
    s.init(0, alice.access_token, { clientid: 'node-1', cmd: 'i:1:::10' });
    expect(await s.take(2)).toHaveLength(2);
  });
  afterEach(() => t.close());

  const change = async (fields: Answer): Promise<Answer> => {
    s.send(`0:c:${JSON.stringify(fields)}`);
    const [answer, ...rest] = (await s.json('0:c:')) as Answer[];
    expect(rest).toEqual([]);
    return answer ?? {};
  };
  const add = (v: string) => ({ content: { o: '+', v } });
  const delta = (v: string) => ({ content: { o: 'd', v } });
  const object = async (id: string) => {
    const res = await t.as(alice.access_token, 'GET', `/note/i/${id}`);
    return res.status === 200 ? [json(res), Number(res.version)] : res.status;
  };

  it('should create without sv and acknowledge with ccids, no sv, ev 1', async () => {
    expect(await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('AC') })).toEqual({
      id: 'n1',
      o: 'M',
      v: add('AC'),
      ev: 1,
      cv: expect.stringMatching(/^[0-9a-f]{24}$/),
      ccids: ['k1'],
      clientid: 'node-1',
    });
    expect(await object('n1')).toEqual([{ content: 'AC' }, 1]);
  });

  it('should transform a change made on a stale sv over the changes since', async () => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('AC') });
    await change({ o: 'M', id: 'n1', ccid: 'k2', sv: 1, v: delta('=1\t+B\t=1') });
    const stale = await change({ o: 'M', id: 'n1', ccid: 'k3', sv: 1, v: delta('=2\t+D') });
    expect(stale).toMatchObject({ sv: 2, ev: 3, v: delta('=3\t+D'), ccids: ['k3'] });
    expect(await object('n1')).toEqual([{ content: 'ABCD' }, 3]);
  });

  it('should apply a change without sv on an existing object to its head', async () => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: { a: { o: '+', v: 1 } } });
    const raced = await change({ o: 'M', id: 'n1', ccid: 'k2', v: { b: { o: '+', v: 2 } } });
    expect(raced).toMatchObject({ sv: 1, ev: 2 });
    expect(await object('n1')).toEqual([{ a: 1, b: 2 }, 2]);
  });

  it('should delete, 412 a delete of a deleted object and 404 one of an unknown object', async () => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('x') });
    expect(await change({ o: '-', id: 'n1', ccid: 'k2' })).toMatchObject({
      o: '-',
      ev: 2,
      ccids: ['k2'],
    });
    expect(await change({ o: '-', id: 'n1', ccid: 'k3' })).toEqual({
      id: 'n1',
      ccids: ['k3'],
      clientid: 'node-1',
      error: 412,
    });
    expect((await change({ o: '-', id: 'none', ccid: 'k4' }))['error']).toBe(404);
    expect(await object('n1')).toBe(404);
  });

  it('should re-create a deleted object with the next version and no sv', async () => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('x') });
    await change({ o: '-', id: 'n1', ccid: 'k2' });
    const again = await change({ o: 'M', id: 'n1', ccid: 'k3', v: add('y') });
    expect(again).toMatchObject({ ev: 3 });
    expect(again).not.toHaveProperty('sv');
  });

  it.each([
    ['a ccid already applied', { o: 'M', id: 'n1', ccid: 'k1', sv: 1, v: add('z') }, 409],
    ['an empty change', { o: 'M', id: 'n1', ccid: 'k9', sv: 1, v: {} }, 412],
    ['an sv on an unknown object', { o: 'M', id: 'n2', ccid: 'k9', sv: 1, v: add('z') }, 404],
    ['an sv newer than the head', { o: 'M', id: 'n1', ccid: 'k9', sv: 7, v: add('z') }, 405],
    ['a delta that does not fit', { o: 'M', id: 'n1', ccid: 'k9', sv: 1, v: delta('=9') }, 440],
    ['an unknown o', { o: 'X', id: 'n1', ccid: 'k9' }, 400],
    ['an invalid id', { o: 'M', id: '', ccid: 'k9', v: {} }, 400],
  ])('should refuse %s with its code, to the sender only', async (_what, fields, code) => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('x') });
    expect(await change(fields)).toEqual({
      id: fields.id,
      ccids: [fields.ccid],
      clientid: 'node-1',
      error: code,
    });
    expect(await object('n1')).toEqual([{ content: 'x' }, 1]);
  });

  it('should answer a change that is not a JSON object with a 400', async () => {
    s.send('0:c:{"o":');
    s.send('0:c:[1]');
    expect(await s.take(2)).toEqual([
      '0:c:[{"id":"","ccids":[],"clientid":"node-1","error":400}]',
      '0:c:[{"id":"","ccids":[],"clientid":"node-1","error":400}]',
    ]);
  });

  it('should set d after a change node-simperium could not apply, its ghost unwrapped', async () => {
    await change({ o: 'M', id: 'n1', ccid: 'k1', v: add('AC') });
    const full = { version: 1, data: { content: 'AxC' } };
    const resent = await change({ o: 'M', id: 'n1', ccid: 'k2', sv: 1, v: delta('=9'), d: full });
    expect(resent).toMatchObject({ sv: 1, ev: 2, ccids: ['k2'] });
    expect(await object('n1')).toEqual([{ content: 'AxC' }, 2]);
  });

  it('should acknowledge a change from a channel that is not live yet, and skip it in its replay', async () => {
    const other = await openStream(t.server, t.app.id);
    other.init(3, alice.access_token, { clientid: 'early' });
    expect(await other.next()).toBe('3:auth:alice@example.com');
    const start = (await change({ o: 'M', id: 'n0', ccid: 'k0', v: add('0') }))['cv'];
    other.send('3:c:{"o":"M","id":"n1","ccid":"e1","v":{"t":{"o":"+","v":"x"}}}');
    expect(await other.json('3:c:')).toMatchObject([
      { id: 'n1', ccids: ['e1'], clientid: 'early' },
    ]);
    other.send(`3:cv:${String(start)}`);
    expect(await other.next()).toBe('3:c:[]');
    await change({ o: 'M', id: 'n2', ccid: 'k2', v: add('y') });
    expect(((await other.json('3:c:')) as Answer[]).map((c) => c['id'])).toEqual(['n2']);
    await other.close();
  });

  it('should replay what came after a change acknowledged before the channel went live', async () => {
    const other = await openStream(t.server, t.app.id);
    other.init(3, alice.access_token, { clientid: 'early' });
    await other.next();
    const start = (await change({ o: 'M', id: 'n0', ccid: 'k0', v: add('0') }))['cv'];
    other.send('3:c:{"o":"M","id":"n1","ccid":"e1","v":{"t":{"o":"+","v":"x"}}}');
    await other.next();
    await change({ o: 'M', id: 'n2', ccid: 'k2', v: add('y') });
    other.send(`3:cv:${String(start)}`);
    expect(((await other.json('3:c:')) as Answer[]).map((c) => c['id'])).toEqual(['n2']);
    await other.close();
  });
});
