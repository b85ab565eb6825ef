/**
 * The streams of the client (change feeds, lazy index) against the real local server, over HTTP.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import {
  adminApi,
  createUser,
  randomBucket,
  startRemote,
  type Remote,
} from '../support/local-server';

const Todo = t.type({ text: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

const once = <A>(obs$: Observable<A>): Promise<A> => firstValueFrom(obs$);
const first = <A>(obs$: Observable<A>, n: number): Promise<A[]> =>
  lastValueFrom(obs$.pipe(take(n), toArray()));

const todo = (text: string): Todo => ({ text, done: false });

describe('index$ and changes$ against the local server', () => {
  it('should read every page of the index lazily, with data', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket(), Todo);
    for (const text of ['a', 'b', 'c', 'd', 'e']) expectRight(await once(bucket.new$(todo(text))));
    const entries = (await collect(bucket.index$({ limit: 2, data: true }))).map(expectRight);
    expect(entries.map((e) => e.data?.text).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(entries.every((e) => e.version === 1)).toBe(true);
    const pages = (await collect(bucket.indexPages$({ limit: 2 }))).map(expectRight);
    expect(pages.map((p) => p.index.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.mark === undefined)).toEqual([false, false, true]);
  });

  it('should list every valid object when one in the middle does not match the codec', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const bucket = user.api.bucket(name, Todo);
    const loose = user.api.bucket(name); // any JSON object
    for (const text of ['a', 'b', 'c']) expectRight(await once(bucket.new$(todo(text))));
    const broken = expectRight(await once(loose.new$({ text: 42 })));
    for (const text of ['d', 'e', 'f']) expectRight(await once(bucket.new$(todo(text))));

    const listed = await collect(bucket.index$({ limit: 3, data: true }));
    expect(listed).toHaveLength(7);
    const texts = listed.flatMap((e) => (E.isRight(e) ? [e.right.data?.text] : []));
    expect(texts.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const invalid = listed.filter(E.isLeft).map((e) => e.left);
    expect(invalid).toEqual([expect.objectContaining({ _tag: 'DecodeError', id: broken })]);
  });

  it('should follow the feed from an index snapshot without missing or repeating a change', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket(), Todo);
    const id = expectRight(await once(bucket.new$(todo('first'))));
    const snapshot = expectRight(await once(bucket.indexPages$()));
    const feed = first(bucket.changes$({ cv: snapshot.current }), 3);
    expectRight(await once(bucket.post$(id, { done: true })));
    const other = expectRight(await once(bucket.new$(todo('second'))));
    expectRight(await once(bucket.delete$(other)));
    const changes = (await feed).map(expectRight);
    expect(changes.map((c) => [c.id, c.o, c.ev])).toEqual([
      [id, 'M', 2],
      [other, 'M', 1],
      [other, '-', 2],
    ]);
    expect(new Set(changes.map((c) => c.cv)).size).toBe(3);
    expect(changes[0]?.v).toEqual({ done: { o: 'r', v: true } });
  });

  it('should resume from a stored cv', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket(), Todo);
    expectRight(await once(bucket.new$(todo('one'))));
    expectRight(await once(bucket.new$(todo('two'))));
    const [one, two] = (await first(bucket.changes$(), 2)).map(expectRight);
    const [resumed] = (await first(bucket.changes$({ cv: one?.cv }), 1)).map(expectRight);
    expect(resumed).toEqual(two);
  });

  it('should keep polling across empty long-poll windows until a change comes', async () => {
    let windowPassed: () => void = () => undefined;
    const dropped = new Promise<void>((resolve) => (windowPassed = resolve));
    const user = await createUser(remote, {
      log: (event) => {
        if (event.url.includes('/changes') && event.error === 'cancelled') windowPassed();
      },
    });
    const bucket = user.api.bucket(randomBucket(), Todo);
    const head = expectRight(await once(bucket.indexPages$())).current;
    const feed = first(bucket.changes$({ cv: head, timeout: 200 }), 1);
    await dropped; // a window passed with nothing to report: the poll was dropped and re-sent
    const id = expectRight(await once(bucket.new$(todo('late'))));
    expect((await feed).map(expectRight).map((c) => c.id)).toEqual([id]);
  });

  it('should end with UnknownCursorError for a cursor the server never issued', async () => {
    const user = await createUser(remote);
    const bucket = user.api.bucket(randomBucket(), Todo);
    expectRight(await once(bucket.new$(todo('x'))));
    const values = await collect(bucket.changes$({ cv: 'fffffffffffffffffffffff0' }));
    expect(values).toHaveLength(1);
    expect(expectLeft(values[0] as E.Either<never, never>, 'UnknownCursorError').cv).toBe(
      'fffffffffffffffffffffff0',
    );
  });
});

describe('all$ against the local server', () => {
  it("should emit every user's changes with data and username to the admin key", async () => {
    const name = randomBucket();
    const ann = await createUser(remote);
    const bob = await createUser(remote);
    const annId = expectRight(await once(ann.api.bucket(name, Todo).new$(todo('ann'))));
    const bobId = expectRight(await once(bob.api.bucket(name, Todo).new$(todo('bob'))));
    const changes = (
      await first(adminApi(remote).bucket(name, Todo).all$({ data: true, username: true }), 2)
    ).map(expectRight);
    expect(changes.map((c) => [c.id, c.username, c.d?.text])).toEqual([
      [`${ann.userId}/${annId}`, ann.username, 'ann'],
      [`${bob.userId}/${bobId}`, bob.username, 'bob'],
    ]);
  });

  it('should emit a change whose data does not match the codec as a Left and carry on', async () => {
    const name = randomBucket();
    const user = await createUser(remote);
    const loose = user.api.bucket(name);
    expectRight(await once(loose.new$({ text: 1 })));
    expectRight(await once(loose.new$({ text: 'ok', done: true })));
    const values = await first(adminApi(remote).bucket(name, Todo).all$({ data: true }), 2);
    expectLeft(values[0] as E.Either<never, never>, 'DecodeError');
    expect(expectRight(values[1] as E.Either<never, { d?: Todo }>).d).toEqual({
      text: 'ok',
      done: true,
    });
  });

  it('should refuse a user token and end', async () => {
    const user = await createUser(remote);
    const values = await collect(user.api.bucket(randomBucket(), Todo).all$());
    expect(values).toHaveLength(1);
    expect([401, 403]).toContain(
      expectLeft(values[0] as E.Either<never, never>, 'HttpError').status,
    );
  });
});
