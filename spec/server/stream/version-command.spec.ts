/** `<ch>:e:` on the streaming endpoint: an object at one version. */
import { streamAsAlice, type StreamClient } from '../../support/stream-socket';
import type { TestServer, TestUser } from '../../support/server-http';

describe('the e command', () => {
  let t: TestServer;
  let alice: TestUser;
  let s: StreamClient;
  beforeEach(async () => {
    ({ t, alice, s } = await streamAsAlice());
  });
  afterEach(() => t.close());

  const post = (id: string, body: unknown) =>
    t.as(alice.access_token, 'POST', `/note/i/${encodeURIComponent(id)}`, { body });
  const version = async (payload: string): Promise<string> => {
    s.send(`0:e:${payload}`);
    return s.next();
  };

  it('should send the data of every version, the id split at its last dot', async () => {
    await post('v1.2.note', { t: 'a' });
    await post('v1.2.note', { t: 'b' });
    expect(await version('v1.2.note.1')).toBe('0:e:v1.2.note.1\n{"data":{"t":"a"}}');
    expect(await version('v1.2.note.2')).toBe('0:e:v1.2.note.2\n{"data":{"t":"b"}}');
  });

  it.each([
    ['an unknown version', 'n.3'],
    ['version 0', 'n.0'],
    ['an unknown object', 'x.1'],
    ['no version', 'n'],
    ['a version that is not a number', 'n.one'],
    ['an invalid id', '.1'],
    ["someone else's object", `${'f'.repeat(32)}/n.1`],
  ])('should answer %s with ?', async (_what, payload) => {
    await post('n', { t: 'a' });
    expect(await version(payload)).toBe(`0:e:${payload}\n?`);
  });

  it('should answer ? for the versions of a deleted object', async () => {
    await post('n', { t: 'a' });
    await t.as(alice.access_token, 'DELETE', '/note/i/n');
    expect(await version('n.1')).toBe('0:e:n.1\n?');
  });
});
