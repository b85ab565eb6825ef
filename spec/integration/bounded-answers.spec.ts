/**
 * #12: answers bounded in bytes, seen from the client. A user shares objects larger than the
 * server's answer bound read-only with a victim; the victim's `changes$`, `index$` and the admin's
 * `all$` still page through everything, one large object per answer, and reach the victim's own
 * notes, with every request answered 200. The server answers fewer items than asked; the client
 * asks again at once from the last cursor, or follows the page's `mark`.
 */
import { firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { Api } from '../../lib';
import type { RequestLogEvent } from '../../lib/transport/context';
import { collect } from '../support/collect';
import { expectRight } from '../support/either';
import {
  adminApi,
  createUser,
  describeLocalOnly,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../support/local-server';

const once = <A>(obs$: Observable<A>): Promise<A> => firstValueFrom(obs$);

interface Scenario {
  readonly attacker: TestUser;
  readonly victim: TestUser;
  readonly bucket: string;
  /** The victim's own notes' ids. */
  readonly notes: ReadonlyArray<string>;
}

/** The attacker shares `count` objects of `size` characters read-only with the victim. */
const attack = async (remote: Remote, count: number, size: number): Promise<Scenario> => {
  const [attacker, victim] = [await createUser(remote), await createUser(remote)];
  const bucket = randomBucket();
  const notes = [expectRight(await once(victim.api.bucket(bucket).new$({ note: 'before' })))];
  const theirs = attacker.api.bucket(bucket);
  for (let i = 0; i < count; i += 1) {
    const id = `big${i}`;
    expectRight(await once(theirs.post$(id, { filler: String(i).repeat(size) })));
    expectRight(await once(theirs.share$(id, victim.username, { writeAccess: false })));
  }
  notes.push(expectRight(await once(victim.api.bucket(bucket).new$({ note: 'after' }))));
  return { attacker, victim, bucket, notes };
};

/** An `Api`'s requests, as its log reports them. */
const logged = () => {
  const events: RequestLogEvent[] = [];
  return { events, log: (event: RequestLogEvent) => events.push(event) };
};

const checkScenario = async (remote: Remote, s: Scenario, count: number): Promise<void> => {
  const requests = logged();
  const victim = new Api(remote.app.id, s.victim.accessToken, {
    baseUrl: remote.url,
    log: requests.log,
  });
  const expected = count + s.notes.length;
  const feed = await lastValueFrom(
    victim.bucket(s.bucket).changes$().pipe(take(expected), toArray()),
  );
  const ids = feed.map((c) => expectRight(c).id);
  expect(ids.filter((id) => s.notes.includes(id))).toEqual([...s.notes]);
  expect(ids.filter((id) => id.startsWith(`${s.attacker.userId}/`))).toHaveLength(count);
  const feedRequests = requests.events.filter((e) => e.url.includes('/changes'));
  expect(feedRequests.every((e) => e.status === 200 || e.error === 'cancelled')).toBe(true);
  // One large change per answer: at least one request per large object.
  expect(feedRequests.length).toBeGreaterThanOrEqual(count);

  const entries = (await collect(victim.bucket(s.bucket).index$({ data: true }))).map(expectRight);
  expect(entries).toHaveLength(expected);
  const pages = (await collect(victim.bucket(s.bucket).indexPages$({ data: true }))).map(
    expectRight,
  );
  expect(pages.length).toBeGreaterThanOrEqual(count);

  const admin = adminApi(remote).bucket(s.bucket);
  const all = await lastValueFrom(
    admin.all$({ data: true }).pipe(take(count + s.notes.length), toArray()),
  );
  expect(all.map((c) => expectRight(c).id).filter((id) => id.endsWith('big0'))).toHaveLength(1);
};

describeLocalOnly('#12 answers bounded in bytes, with the client paging on', () => {
  it("should let the victim's feeds and index reach their own notes past objects larger than the bound", async () => {
    const remote = await startRemote({ maxAnswerBytes: 16 * 1024 });
    try {
      await checkScenario(remote, await attack(remote, 8, 40 * 1024), 8);
    } finally {
      await remote.close();
    }
  });

  it('should do the same at the default bound, with objects of 5 MiB', async () => {
    const remote = await startRemote();
    try {
      await checkScenario(remote, await attack(remote, 3, 5 * 1024 * 1024), 3);
    } finally {
      await remote.close();
    }
  }, 60_000);

  it('should let the victim decline a share, and their feed carry on', async () => {
    const remote = await startRemote({ maxAnswerBytes: 16 * 1024 });
    try {
      const s = await attack(remote, 2, 40 * 1024);
      const ended = await fetch(
        `${remote.url}/1/${remote.app.id}/${s.bucket}/i/${s.attacker.userId}/big0/share/${encodeURIComponent(s.victim.username)}`,
        { method: 'DELETE', headers: { 'X-Simperium-Token': s.victim.accessToken } },
      );
      expect(ended.status).toBe(200);
      const entries = (await collect(s.victim.api.bucket(s.bucket).index$())).map(expectRight);
      expect(entries.map((e) => e.id).sort()).toEqual(
        [...s.notes, `${s.attacker.userId}/big1`].sort(),
      );
    } finally {
      await remote.close();
    }
  });
});
