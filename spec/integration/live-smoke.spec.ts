import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { filter, firstValueFrom, map } from 'rxjs';
import { createUser, randomBucket, startRemote, type Remote } from '../support/local-server';
import { expectRight } from '../support/either';
import type { LiveView } from '../../lib';

const Todo = t.type({ text: t.string, done: t.boolean });
let remote: Remote;
beforeAll(async () => { remote = await startRemote(); });
afterAll(() => remote.close());

it('smoke', async () => {
  const user = await createUser(remote);
  const todo = user.api.bucket(randomBucket(), Todo);
  const a = expectRight(await firstValueFrom(todo.new$({ text: 'a', done: false })));
  const view$ = todo.live$();
  const seen: string[] = [];
  const sub = view$.subscribe((v) => seen.push(E.isRight(v) ? `${v.right.status}:${v.right.objects.size}:${v.right.pending}` : `L:${v.left._tag}`));
  const until = (p: (v: LiveView<t.TypeOf<typeof Todo>>) => boolean) => firstValueFrom(view$.pipe(filter(E.isRight), map((v) => v.right), filter(p)));
  await until((v) => v.status === 'live' && v.objects.size === 1);
  const b$ = todo.new$({ text: 'b', done: true });
  const bId = expectRight(await firstValueFrom(b$));
  await until((v) => v.objects.get(bId)?.text === 'b' && v.pending === 0);
  expectRight(await firstValueFrom(todo.post$(a, { done: true })));
  const v = await until((v) => v.objects.get(a)?.done === true && v.pending === 0);
  expect(v.versions.get(a)).toBe(2);
  expectRight(await firstValueFrom(todo.delete$(bId)));
  await until((v) => !v.objects.has(bId) && v.pending === 0);
  sub.unsubscribe();
  console.log(seen.join(' '));
});
