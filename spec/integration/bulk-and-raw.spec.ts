/**
 * Bulk writes, the escape hatch, codecs that encode, and prefetched listing, against the real
 * local server over HTTP.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { firstValueFrom } from 'rxjs';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { createUser, randomBucket, startRemote, type Remote } from '../support/local-server';

const Todo = t.type({ text: t.string, done: t.boolean });

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

describe('postMany$ against the local server', () => {
  it('should write every entry, report refused ones, and never write twice when sent again', async () => {
    const user = await createUser(remote);
    const todo = user.api.bucket(randomBucket(), Todo);
    const entries = Array.from({ length: 25 }, (_, i) => ({
      id: `t${i}`,
      data: { text: `todo ${i}`, done: i % 2 === 0 },
      replace: true,
    }));
    const write$ = todo.postMany$(
      [...entries, { id: 'missing', data: { done: true }, version: 7 }],
      { chunkLength: 10 },
    );
    const results = await collect(write$);
    expect(results.slice(0, 25).map((r) => expectRight(r))).toEqual(
      entries.map((e) => ({ id: e.id, version: 1, changed: true })),
    );
    expect(expectLeft(results[25]!, 'ChangeError')).toEqual({
      _tag: 'ChangeError',
      id: 'missing',
      code: 404,
    });

    // the same Observable again: the same ccids, so nothing is written twice
    const again = await collect(write$);
    expect(again.slice(0, 25).every((r) => E.isRight(r) && r.right.changed)).toBe(true);
    const listed = (await collect(todo.index$({ data: true }))).map(expectRight);
    expect(listed).toHaveLength(25);
    expect(listed.every((e) => e.version === 1)).toBe(true);
    expect(listed.find((e) => e.id === 't3')?.data).toEqual({ text: 'todo 3', done: false });
  });

  it('should merge keys into existing documents', async () => {
    const user = await createUser(remote);
    const todo = user.api.bucket(randomBucket(), Todo);
    expectRight(await firstValueFrom(todo.post$('a', { text: 'keep', done: false })));
    const [result] = await collect(todo.postMany$([{ id: 'a', data: { done: true } }]));
    expect(expectRight(result!)).toEqual({ id: 'a', version: 2, changed: true });
    expect(expectRight(await firstValueFrom(todo.get$('a'))).data).toEqual({
      text: 'keep',
      done: true,
    });
  });
});

describe('codecs that encode', () => {
  const DateFromIso = new t.Type<Date, string, unknown>(
    'DateFromIso',
    (u): u is Date => u instanceof Date,
    (u, c) => {
      const date = typeof u === 'string' ? new Date(u) : undefined;
      return date !== undefined && !Number.isNaN(date.getTime())
        ? t.success(date)
        : t.failure(u, c);
    },
    (d) => d.toISOString(),
  );
  const Event = t.type({ title: t.string, at: DateFromIso });

  it('should send the wire form and read the values back, whole and merged', async () => {
    const user = await createUser(remote);
    const events = user.api.bucket(randomBucket(), Event);
    const at = new Date('2026-12-24T18:00:00.000Z');
    const id = expectRight(await firstValueFrom(events.new$({ title: 'eve', at })));
    const later = new Date('2026-12-24T19:30:00.000Z');
    expectRight(await firstValueFrom(events.post$(id, { at: later })));
    const read = expectRight(await firstValueFrom(events.get$(id)));
    expect(read.data).toEqual({ title: 'eve', at: later });
    const raw = expectRight(await firstValueFrom(user.api.bucket(events.name).get$(id)));
    expect(raw.data).toEqual({ title: 'eve', at: '2026-12-24T19:30:00.000Z' });
  });
});

describe('request$ against the local server', () => {
  it('should reach an endpoint the client does not wrap, with the same credentials and errors', async () => {
    const user = await createUser(remote);
    const todo = user.api.bucket(randomBucket(), Todo);
    expectRight(await firstValueFrom(todo.post$('a', { text: 'v1', done: false })));
    expectRight(await firstValueFrom(todo.post$('a', { text: 'v2' })));
    const v1 = await firstValueFrom(
      user.api.request$({ method: 'GET', path: [todo.name, 'i', 'a', 'v', '1'], codec: Todo }),
    );
    expect(expectRight(v1)).toEqual({ text: 'v1', done: false });
    const missing = await firstValueFrom(
      user.api.request$({ method: 'GET', path: `${todo.name}/i/nope` }),
    );
    expect(expectLeft(missing, 'HttpError').status).toBe(404);
  });
});

describe('index$ with prefetch', () => {
  it('should list exactly what the lazy listing lists', async () => {
    const user = await createUser(remote);
    const todo = user.api.bucket(randomBucket(), Todo);
    await collect(
      todo.postMany$(
        Array.from({ length: 23 }, (_, i) => ({
          id: `o${i}`,
          data: { text: `${i}`, done: false },
          replace: true,
        })),
      ),
    );
    const lazy = (await collect(todo.index$({ limit: 5, data: true }))).map(expectRight);
    const eager = (await collect(todo.index$({ limit: 5, data: true, prefetch: 1 }))).map(
      expectRight,
    );
    expect(eager).toEqual(lazy);
    expect(eager).toHaveLength(23);
  });
});
