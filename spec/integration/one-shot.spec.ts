/**
 * Every one-shot endpoint of the client against the real local server, over HTTP.
 */
import * as t from 'io-ts';
import { firstValueFrom } from 'rxjs';
import { Api } from '../../lib';
import { expectLeft, expectRight } from '../support/either';
import {
  adminApi,
  authFor,
  createUser,
  randomBucket,
  startRemote,
  type Remote,
} from '../support/local-server';

const Todo = t.type({ text: t.string, done: t.boolean });

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

const once = <A>(obs$: import('rxjs').Observable<A>): Promise<A> => firstValueFrom(obs$);

describe('Auth against the local server', () => {
  it('should create a user and authorize them again with a new token', async () => {
    const user = await createUser(remote);
    const again = expectRight(await once(authFor(remote).authorize$(user.username, user.password)));
    expect(again.userId).toBe(user.userId);
    expect(again.username).toBe(user.username);
    expect(again.accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('should answer 409 for a username that exists', async () => {
    const user = await createUser(remote);
    const left = expectLeft(await once(authFor(remote).create$(user.username, 'x')), 'HttpError');
    expect(left.status).toBe(409);
  });

  it('should refuse a wrong password with 401', async () => {
    const user = await createUser(remote);
    const left = expectLeft(
      await once(authFor(remote).authorize$(user.username, 'wrong')),
      'HttpError',
    );
    expect(left.status).toBe(401);
  });

  it('should update the password so that only the new one works', async () => {
    const user = await createUser(remote);
    expectRight(
      await once(authFor(remote).update$(user.username, user.password, { newPassword: 'n3w' })),
    );
    expectRight(await once(authFor(remote).authorize$(user.username, 'n3w')));
    expectLeft(await once(authFor(remote).authorize$(user.username, user.password)), 'HttpError');
  });

  it('should rename a user with update$', async () => {
    const user = await createUser(remote);
    const newUsername = `renamed-${user.username}`;
    expectRight(await once(authFor(remote).update$(user.username, user.password, { newUsername })));
    const renamed = expectRight(await once(authFor(remote).authorize$(newUsername, user.password)));
    expect(renamed.userId).toBe(user.userId);
  });

  it('should reset a password and delete a user with the admin key only', async () => {
    const user = await createUser(remote);
    expectLeft(await once(authFor(remote).resetPassword$(user.username, 'reset')), 'HttpError');
    expectRight(await once(authFor(remote, true).resetPassword$(user.username, 'reset')));
    expectRight(await once(authFor(remote).authorize$(user.username, 'reset')));

    expectLeft(await once(authFor(remote).delete$(user.username)), 'HttpError');
    expectRight(await once(authFor(remote, true).delete$(user.username)));
    const gone = expectLeft(
      await once(authFor(remote).authorize$(user.username, 'reset')),
      'HttpError',
    );
    expect(gone.status).toBe(401);
    const oldToken = expectLeft(await once(user.api.bucket('todo').get$('any')), 'HttpError');
    expect(oldToken.status).toBe(401);
  });
});

describe('Bucket against the local server', () => {
  it('should create with new$, read with get$ and decode with the codec', async () => {
    const { api } = await createUser(remote);
    const todo = api.bucket(randomBucket(), Todo);
    const id = expectRight(await once(todo.new$({ text: 'Read', done: false })));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const got = expectRight(await once(todo.get$(id)));
    expect(got).toEqual({ id, version: 1, data: { text: 'Read', done: false } });
  });

  it('should merge by default, replace on request, and keep every version', async () => {
    const { api } = await createUser(remote);
    const notes = api.bucket(randomBucket());
    expectRight(await once(notes.post$('n1', { a: 1, b: 2 })));
    const merged = expectRight(await once(notes.post$('n1', { b: 3 }, { response: true })));
    expect(merged).toMatchObject({ id: 'n1', version: 2, changed: true, data: { a: 1, b: 3 } });
    const replaced = expectRight(
      await once(notes.post$('n1', { c: 4 }, { replace: true, response: true })),
    );
    expect(replaced).toMatchObject({ version: 3, data: { c: 4 } });
    expect(expectRight(await once(notes.get$('n1', { version: 1 }))).data).toEqual({ a: 1, b: 2 });
  });

  it('should report an identical post as unchanged (412) without a new version', async () => {
    const { api } = await createUser(remote);
    const notes = api.bucket(randomBucket());
    expectRight(await once(notes.post$('same', { a: 'b' })));
    const again = expectRight(await once(notes.post$('same', { a: 'b' })));
    expect(again).toMatchObject({ changed: false, version: 1 });
  });

  it('should apply a write at most once when it is sent again with its ccid', async () => {
    const { api } = await createUser(remote);
    const notes = api.bucket(randomBucket());
    const write$ = notes.post$('once', { n: 1 }, { ccid: 'fixed-ccid-1' });
    expect(expectRight(await once(write$))).toMatchObject({ changed: true, version: 1 });
    // The same Observable re-subscribed: same ccid, the server answers 409, still a success.
    expect(expectRight(await once(write$))).toMatchObject({ changed: true });
    expect(expectRight(await once(notes.get$('once'))).version).toBe(1);
  });

  it('should merge concurrent string edits posted against the same version', async () => {
    const { api } = await createUser(remote);
    const sample = api.bucket(randomBucket());
    expectRight(await once(sample.post$('newitem', { a: 'b' })));
    expectRight(await once(sample.post$('newitem', { a: 'bc' }, { version: 1 })));
    const last = expectRight(
      await once(sample.post$('newitem', { a: 'bd' }, { version: 1, response: true })),
    );
    expect(last).toMatchObject({ version: 3, data: { a: 'bcd' } });
  });

  it('should delete, then answer 404 for the object', async () => {
    const { api } = await createUser(remote);
    const notes = api.bucket(randomBucket());
    expectRight(await once(notes.post$('gone', { a: 1 })));
    expectRight(await once(notes.delete$('gone')));
    expect(expectLeft(await once(notes.get$('gone')), 'HttpError').status).toBe(404);
    expect(expectLeft(await once(notes.delete$('gone')), 'HttpError').status).toBe(404);
  });

  it('should refuse a delete whose version is not current', async () => {
    const { api } = await createUser(remote);
    const notes = api.bucket(randomBucket());
    expectRight(await once(notes.post$('v', { a: 1 })));
    expectRight(await once(notes.post$('v', { a: 2 })));
    expectLeft(await once(notes.delete$('v', { version: 1 })), 'HttpError');
    expectRight(await once(notes.delete$('v', { version: 2 })));
  });

  it('should fail to decode a document that does not match the codec', async () => {
    const { api } = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(api.bucket(name).post$('odd', { text: 42 })));
    const left = expectLeft(await once(api.bucket(name, Todo).get$('odd')), 'DecodeError');
    expect(left.messages.join('\n')).toContain('text');
  });

  it('should keep users apart', async () => {
    const alice = await createUser(remote);
    const bob = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(alice.api.bucket(name).post$('secret', { pin: 1234 })));
    expect(expectLeft(await once(bob.api.bucket(name).get$('secret')), 'HttpError').status).toBe(
      404,
    );
    // Bob writing the same id makes his own object; Alice's is untouched.
    expectRight(await once(bob.api.bucket(name).post$('secret', { pin: 0 })));
    expect(expectRight(await once(alice.api.bucket(name).get$('secret'))).data).toEqual({
      pin: 1234,
    });
  });

  it('should share an object read-only, then with write access', async () => {
    const alice = await createUser(remote);
    const bob = await createUser(remote);
    const name = randomBucket();
    const mine = alice.api.bucket(name);
    expectRight(await once(mine.post$('list', { items: 'milk' })));
    expectRight(await once(mine.share$('list', bob.username)));

    const theirs = bob.api.bucket(name);
    const sharedId = `${alice.userId}/list`;
    expect(expectRight(await once(theirs.get$(sharedId))).data).toEqual({ items: 'milk' });
    expect(
      expectLeft(await once(theirs.post$(sharedId, { items: 'eggs' })), 'HttpError').status,
    ).toBe(403);

    expectRight(await once(mine.share$('list', bob.username, { writeAccess: true })));
    expectRight(await once(theirs.post$(sharedId, { items: 'eggs' })));
    expect(expectRight(await once(mine.get$('list'))).data).toEqual({ items: 'eggs' });
  });

  it('should refuse bad arguments before any request', async () => {
    const { api } = await createUser(remote);
    expectLeft(await once(api.bucket('no spaces allowed').get$('x')), 'InvalidArgumentError');
    expectLeft(await once(api.bucket(randomBucket()).get$('')), 'InvalidArgumentError');
  });
});

describe('Api against the local server', () => {
  it('should list buckets with the admin key and refuse a user token', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(user.api.bucket(name).post$('x', { a: 1 })));
    expect(expectRight(await once(adminApi(remote).buckets$()))).toContain(name);
    expect(expectLeft(await once(user.api.buckets$()), 'HttpError').status).toBe(403);
  });

  it('should act as a user with the admin key and X-Simperium-User', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    expectRight(await once(user.api.bucket(name).post$('x', { by: 'user' })));
    const asUser = adminApi(remote).asUser(user.userId).bucket(name);
    expect(expectRight(await once(asUser.get$('x'))).data).toEqual({ by: 'user' });
    expectRight(await once(asUser.post$('y', { by: 'admin' })));
    expect(expectRight(await once(user.api.bucket(name).get$('y'))).data).toEqual({ by: 'admin' });
  });

  it('should refuse a token it does not know with 401', async () => {
    const api = new Api(remote.app.id, 'f'.repeat(32), { baseUrl: remote.url });
    expect(expectLeft(await once(api.bucket('todo').get$('x')), 'HttpError').status).toBe(401);
  });
});
