/** `<ch>:i:` on the streaming endpoint: index pages, their marks and bounds. */
import { ZERO_CV } from '../../../lib/server/domain/cv';
import { streamAsAlice, type StreamClient } from '../../support/stream-socket';
import type { TestServer, TestUser } from '../../support/server-http';

interface Page {
  current: string;
  index: Array<{ id: string; v: number; d?: Record<string, unknown> }>;
  mark?: string;
}

describe('the i command', () => {
  let t: TestServer;
  let alice: TestUser;
  let s: StreamClient;
  beforeEach(async () => {
    ({ t, alice, s } = await streamAsAlice());
  });
  afterEach(() => t.close());

  const bulk = async (changes: unknown[]) => {
    const res = await t.as(alice.access_token, 'POST', '/note/changes?wait=1', { body: changes });
    return JSON.parse(res.text) as Array<{ cv: string }>;
  };
  const page = async (fields: string): Promise<Page> => {
    s.send(`0:i:${fields}`);
    return (await s.json('0:i:')) as Page;
  };

  it('should answer an empty bucket with no entry, no mark and the zero cursor', async () => {
    expect(await page('1:::10')).toEqual({ current: ZERO_CV, index: [] });
  });

  it('should page with the mark in the second field, with data when the first is 1', async () => {
    const written = await bulk(
      Array.from({ length: 25 }, (_, i) => ({ id: `n${i}`, o: 'M', v: { i: { o: '+', v: i } } })),
    );
    const head = written[written.length - 1]?.cv;
    const pages: Page[] = [await page('1:::10')];
    for (let mark = pages[0]?.mark; mark !== undefined; mark = pages[pages.length - 1]?.mark) {
      pages.push(await page(`1:${mark}::10`));
    }
    expect(pages.map((p) => p.index.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.current)).toEqual([head, head, head]);
    const entries = pages.flatMap((p) => p.index);
    expect(new Set(entries.map((e) => e.id)).size).toBe(25);
    expect(entries.every((e) => e.v === 1 && e.d?.['i'] === Number(e.id.slice(1)))).toBe(true);
    const bare = await page(':::5');
    expect(bare.index.every((e) => !('d' in e))).toBe(true);
  });

  it('should default the limit to 100 and clamp it to 1000', async () => {
    await bulk(Array.from({ length: 120 }, (_, i) => ({ id: `n${i}`, o: 'M', v: {} })));
    expect((await page('::')).index).toHaveLength(100);
    expect((await page(':::5000')).index).toHaveLength(120);
  });

  it('should keep objects changed after since, in the third field', async () => {
    const [first] = await bulk([{ id: 'old', o: 'M', v: {} }]);
    await bulk([{ id: 'new', o: 'M', v: {} }]);
    expect((await page(`1::${first?.cv}:10`)).index.map((e) => e.id)).toEqual(['new']);
  });

  it('should keep every message below 1 MiB, an object larger than that alone', async () => {
    const big = 'x'.repeat(300 * 1024);
    await bulk(
      Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, o: 'M', v: { t: { o: '+', v: big } } })),
    );
    await bulk([{ id: 'huge', o: 'M', v: { t: { o: '+', v: 'y'.repeat(1100 * 1024) } } }]);
    s.send('0:i:1:::100');
    const first = await s.next();
    const firstPage = JSON.parse(first.slice(4)) as Page;
    expect(firstPage.index.map((e) => e.id)).toEqual(['huge']);
    s.send(`0:i:1:${firstPage.mark}::100`);
    const second = await s.next();
    expect(Buffer.byteLength(second)).toBeLessThan(1024 * 1024);
    expect((JSON.parse(second.slice(4)) as Page).index).toHaveLength(3);
  });

  it.each(['1:nope::10', '1::nope:10', '1:::0', '1:::ten'])(
    'should answer a malformed field (%s) with <ch>:?',
    async (fields) => {
      s.send(`0:i:${fields}`);
      expect(await s.next()).toBe('0:?');
    },
  );
});
