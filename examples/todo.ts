/**
 * The main job: the Python client's README flow, through simperium-rx, against the local
 * Simperium-compatible server started in-process on an embedded SQLite database.
 *
 *   npm start
 *
 * Creates a user, posts todos, reads one back, lists the bucket with data, merges an update,
 * reads version 1 back, deletes, and follows a live change feed while another writer works.
 * Prints what it does and exits 0 (non-zero on the first unexpected result).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { firstValueFrom, lastValueFrom, take, tap, type Observable } from 'rxjs';
import { Api, Auth, type SimperiumError } from 'simperium-rx';
import { startServer } from 'simperium-rx/server';

const Todo = t.type({ text: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;

/** Awaits a one-shot call and unwraps its `Right`, or fails loudly with the `Left`. */
async function run<A>(label: string, call$: Observable<E.Either<SimperiumError, A>>): Promise<A> {
  const result = await firstValueFrom(call$);
  if (E.isLeft(result)) {
    throw new Error(`${label} failed: ${JSON.stringify(result.left)}`);
  }
  return result.right;
}

async function main(): Promise<void> {
  const server = await startServer({ database: ':memory:', pollWindowMs: 2_000 });
  const app = server.apps[0]!;
  console.log(`local Simperium server on ${server.url} (app ${app.id})`);
  try {
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    const user = await run('create', auth.create$('joe@example.com', 'secret'));
    console.log(`created user ${user.username} (${user.userId})`);

    const api = new Api(app.id, user.accessToken, { baseUrl: server.url });
    const todo = api.bucket('todo', Todo);

    const first = await run('new', todo.new$({ text: 'Read general theory of love', done: false }));
    await run('new', todo.new$({ text: 'Watch battle royale', done: false }));
    console.log(`stored two todos; the first is ${first}`);

    const got = await run('get', todo.get$(first));
    console.log(`get ${got.id} v${got.version}:`, got.data);

    const page = await run('index', todo.indexPages$({ data: true }).pipe(take(1)));
    console.log(`index (current ${page.current}):`);
    for (const entry of page.index) console.log(`  ${entry.id} v${entry.version}`, entry.data);

    // Follow the live feed from the snapshot's cursor: it sees exactly what happens next, and
    // prints each change as it arrives.
    const live = lastValueFrom(
      todo.changes$({ cv: page.current }).pipe(
        take(3),
        tap((change) => {
          if (E.isLeft(change)) throw new Error(`feed failed: ${JSON.stringify(change.left)}`);
          const { id, o, ev, cv } = change.right;
          console.log(`  feed: ${o === '-' ? 'delete' : 'modify'} ${id} -> v${ev} (cv ${cv})`);
        }),
      ),
    );

    const merged = await run('merge', todo.post$(first, { done: true }, { response: true }));
    console.log(`merged {done: true}: now v${merged.version}`, merged.data);

    const v1 = await run('get v1', todo.get$(first, { version: 1 }));
    console.log(`version 1 is still there:`, v1.data);

    const added = await run('new', todo.new$({ text: 'Call mom', done: false }));
    await run('delete', todo.delete$(added));
    console.log(`added then deleted ${added}`);

    await live;
    console.log('the feed saw all three changes; done');
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
