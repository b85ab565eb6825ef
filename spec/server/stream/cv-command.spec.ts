/** `<ch>:cv:` on the streaming endpoint: catching up from a cv, then following the bucket. */
import { ZERO_CV } from '../../../lib/server/domain/cv';
import { streamAsAlice, type StreamClient } from '../../support/stream-socket';
import type { TestServer, TestUser } from '../../support/server-http';

interface Change {
  id: string;
  cv: string;
  ev: number;
  ccids: string[];
}

describe('the cv command', () => {
  let t: TestServer;
  let alice: TestUser;
  let s: StreamClient;
  beforeEach(async () => {
    ({ t, alice, s } = await streamAsAlice());
  });
  afterEach(() => t.close());

  const write = async (id: string, fields: unknown): Promise<string> => {
    const res = await t.as(alice.access_token, 'POST', `/note/changes?wait=1`, {
      body: [{ id, o: 'M', v: fields, ccid: `w-${id}-${Math.random()}` }],
    });
    return (JSON.parse(res.text) as Change[])[0]?.cv ?? '';
  };

  it('should send every change after the cv, oldest first, then c:[] when up to date', async () => {
    const first = await write('a', { t: { o: '+', v: 'a' } });
    const second = await write('b', { t: { o: '+', v: 'b' } });
    const third = await write('a', { u: { o: '+', v: 1 } });
    s.send(`0:cv:${first}`);
    expect(((await s.json('0:c:')) as Change[]).map((c) => c.cv)).toEqual([second, third]);
    s.send(`0:cv:${third}`);
    expect(await s.next()).toBe('0:c:[]');
  });

  it('should accept the zero cursor as the start', async () => {
    const cv = await write('a', { t: { o: '+', v: 'a' } });
    s.send(`0:cv:${ZERO_CV}`);
    expect(((await s.json('0:c:')) as Change[]).map((c) => c.cv)).toEqual([cv]);
  });

  it.each([
    ['empty', ''],
    ['malformed', 'abc'],
    ['never issued', 'f'.repeat(24)],
  ])('should answer a cv that is %s with cv:?', async (_what, cv) => {
    s.send(`0:cv:${cv}`);
    expect(await s.next()).toBe('0:cv:?');
  });

  it("should not accept another bucket's cv", async () => {
    const res = await t.as(alice.access_token, 'POST', '/todo/i/x', { body: { a: 1 } });
    expect(res.status).toBe(200);
    const [todo] = JSON.parse(
      (await t.as(alice.access_token, 'GET', '/todo/changes?wait=0')).text,
    ) as Change[];
    s.send(`0:cv:${todo?.cv}`);
    expect(await s.next()).toBe('0:cv:?');
  });

  it('should split a long replay into messages below 1 MiB', async () => {
    const big = { t: { o: '+', v: 'x'.repeat(200 * 1024) } };
    const cvs: string[] = [];
    for (let i = 0; i < 12; i += 1) cvs.push(await write(`n${i}`, big));
    s.send(`0:cv:${ZERO_CV}`);
    const messages = await s.take(3);
    expect(messages.every((m) => m.startsWith('0:c:') && Buffer.byteLength(m) < 1024 * 1024)).toBe(
      true,
    );
    const replayed = messages.flatMap((m) => JSON.parse(m.slice(4)) as Change[]);
    expect(replayed.map((c) => c.cv)).toEqual(cvs);
  });

  it('should follow the bucket from the replay on: later changes once each, in order', async () => {
    const first = await write('a', { t: { o: '+', v: 'a' } });
    s.send(`0:cv:${first}`);
    expect(await s.next()).toBe('0:c:[]');
    const later = [
      await write('b', { t: { o: '+', v: 'b' } }),
      await write('c', { t: { o: '+', v: 'c' } }),
    ];
    const seen: string[] = [];
    while (seen.length < 2) seen.push(...((await s.json('0:c:')) as Change[]).map((c) => c.cv));
    expect(seen).toEqual(later);
    s.send('h:1');
    expect(await s.next()).toBe('h:2');
    expect(s.pending).toEqual([]);
  });
});
