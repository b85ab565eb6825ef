/**
 * The change feed under concurrent writers, cursor resume, server-side cancellation and lazy
 * paging, against the real local server over HTTP.
 */
import * as E from 'fp-ts/Either';
import {
  firstValueFrom,
  lastValueFrom,
  mergeMap,
  range,
  take,
  toArray,
  type Observable,
} from 'rxjs';
import type { Change, RequestLogEvent } from '../../lib';
import { expectRight } from '../support/either';
import {
  createUser,
  describeLocalOnly,
  randomBucket,
  startRemote,
  type Remote,
} from '../support/local-server';
import { until } from '../support/server-http';

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

const once = <A>(obs$: Observable<A>): Promise<A> => firstValueFrom(obs$);

describe('changes$ with concurrent writers', () => {
  it('should see each of 1,000 concurrent writes exactly once, in cv order', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket());
    const snapshot = expectRight(await once(bucket.indexPages$()));
    const writers = 4;
    const perWriter = 250;
    const total = writers * perWriter;

    const seen = lastValueFrom(
      bucket.changes$({ cv: snapshot.current }).pipe(take(total), toArray()),
    );
    // Four writers, each posting its own sequence, all at once, over 20 shared objects.
    await lastValueFrom(
      range(0, writers).pipe(
        mergeMap((w) =>
          range(0, perWriter).pipe(
            mergeMap((i) => bucket.post$(`obj${(w * perWriter + i) % 20}`, { [`w${w}`]: i }), 1),
          ),
        ),
        toArray(),
      ),
    ).then((results) => results.forEach((r) => expect(expectRight(r).changed).toBe(true)));

    const changes = (await seen).map((c) => expectRight(c) as Change<unknown>);
    const cvs = changes.map((c) => c.cv);
    expect(new Set(cvs).size).toBe(total);
    expect([...cvs].sort()).toEqual(cvs);
    // Every object's versions arrive once each and in order: 1, 2, 3 …
    const versions = new Map<string, number[]>();
    for (const c of changes) versions.set(c.id, [...(versions.get(c.id) ?? []), c.ev ?? 0]);
    expect(versions.size).toBe(20);
    for (const evs of versions.values()) {
      expect(evs).toEqual(evs.map((_, i) => i + 1));
    }
    expect([...versions.values()].reduce((n, evs) => n + evs.length, 0)).toBe(total);
  });

  it('should resume from a persisted cv with exactly the changes made in between', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket());
    const snapshot = expectRight(await once(bucket.indexPages$()));
    const before = lastValueFrom(
      bucket.changes$({ cv: snapshot.current }).pipe(take(3), toArray()),
    );
    for (const n of [1, 2, 3]) expectRight(await once(bucket.post$('a', { n })));
    const persisted = expectRight((await before)[2] as E.Either<unknown, Change<unknown>>).cv;

    // Unsubscribed (take completed); writes happen while nobody listens.
    for (const n of [4, 5]) expectRight(await once(bucket.post$('a', { n })));
    expectRight(await once(bucket.delete$('a')));

    const after = (
      await lastValueFrom(bucket.changes$({ cv: persisted }).pipe(take(3), toArray()))
    ).map((c) => expectRight(c));
    expect(after.map((c) => [c.o, c.ev])).toEqual([
      ['M', 4],
      ['M', 5],
      ['-', 6],
    ]);
  });
});

describeLocalOnly('cancellation reaches the server', () => {
  it('should release the long-poll the server holds when the subscriber unsubscribes', async () => {
    const local = remote.local!;
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket());
    const snapshot = expectRight(await once(bucket.indexPages$()));
    const held = local.stats().heldPolls;
    const subscription = bucket.changes$({ cv: snapshot.current }).subscribe();
    await until(() => local.stats().heldPolls === held + 1);
    subscription.unsubscribe();
    await until(() => local.stats().heldPolls === held);
    expect(local.stats().heldPolls).toBe(held);
  });
});

describe('index$ paging against the server', () => {
  it('should send exactly the page requests that take(n) needs', async () => {
    const events: RequestLogEvent[] = [];
    const user = await createUser(remote, { log: (e) => events.push(e) });
    const bucket = user.api.bucket(randomBucket());
    await lastValueFrom(
      range(0, 320).pipe(
        mergeMap((i) => bucket.post$(`o${i}`, { i }), 8),
        toArray(),
      ),
    );
    events.length = 0;
    const taken = await lastValueFrom(bucket.index$({ limit: 100 }).pipe(take(250), toArray()));
    expect(taken).toHaveLength(250);
    const pages = events.filter((e) => e.url.includes('/index'));
    expect(pages).toHaveLength(3);
    expect(pages.map((e) => e.status)).toEqual([200, 200, 200]);
  });
});
