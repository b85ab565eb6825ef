/**
 * The main job: the Python client's README flow, through simperium-rx, against the local
 * Simperium-compatible server started in-process on an embedded SQLite database.
 *
 *   npm start
 *
 * Creates a user, posts todos, reads one back, lists the bucket with data, merges an update,
 * reads version 1 back, deletes, and follows a live change feed while another writer works.
 * Then opens a live view of the bucket and prints it each time its status, its number of todos
 * or its pending writes change, while the user's other device writes and edits the same text
 * concurrently: the view shows the local edit at once and settles on the server's merge.
 * Prints what it does and exits 0 (non-zero on the first unexpected result).
 */
import { either as E } from 'fp-ts';
import * as t from 'io-ts';
import {
  distinctUntilChanged,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  take,
  tap,
  type Observable,
} from 'rxjs';
import { Api, Auth, type LiveView, type SimperiumError } from 'simperium-rx';
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

/** A live view's `Right`, or a loud failure for its `Left`. */
const unwrap = (view: E.Either<SimperiumError, LiveView<Todo>>): LiveView<Todo> => {
  if (E.isLeft(view)) throw new Error(`live view failed: ${JSON.stringify(view.left)}`);
  return view.right;
};

/**
 * A live view of the todos, printed each time its status, its number of todos or its pending
 * writes change, while this device (`api`) and the user's phone (another client with the same
 * token) write.
 */
async function followLiveView(api: Api, phone: Api): Promise<void> {
  const todo = api.bucket('todo', Todo);
  const other = phone.bucket('todo', Todo);
  // Shared: every subscriber below gets the same view, and the current state at once.
  const view$ = todo.live$().pipe(map(unwrap));
  const until = (test: (view: LiveView<Todo>) => boolean): Promise<LiveView<Todo>> =>
    firstValueFrom(view$.pipe(filter(test)));
  const printing = view$
    .pipe(
      distinctUntilChanged(
        (a, b) =>
          a.status === b.status && a.objects.size === b.objects.size && a.pending === b.pending,
      ),
    )
    .subscribe((view) =>
      console.log(`  view: ${view.status}, ${view.objects.size} todos, ${view.pending} pending`),
    );
  try {
    await until((view) => view.status === 'live');

    const bread = await run('phone new', other.new$({ text: 'Buy bread', done: false }));
    await until((view) => view.objects.has(bread));
    console.log('the phone added "Buy bread"; the view followed');

    const plumber = await run('new', todo.new$({ text: 'Call the plumber', done: false }));
    await until((view) => view.objects.has(plumber) && view.pending === 0);
    console.log('this device added "Call the plumber": shown at once, then confirmed');

    // Both edit the same text from version 1: the phone first, then this device.
    await run('phone edit', other.post$(bread, { text: 'Buy bread and milk' }));
    const shown = until((view) => view.pending === 1);
    const edit = run('edit', todo.post$(bread, { text: 'Buy rye bread' }, { version: 1 }));
    console.log(`  shown at once: "${(await shown).objects.get(bread)?.text}"`);
    await edit;
    const merged = await until(
      (view) => view.pending === 0 && view.objects.get(bread)?.text !== 'Buy rye bread',
    );
    console.log(
      `  settled on the server's merge: "${merged.objects.get(bread)?.text}" ` +
        `(v${merged.versions.get(bread)})`,
    );

    await run('phone delete', other.delete$(plumber));
    const last = await until((view) => !view.objects.has(plumber));
    const index = await run('index', todo.indexPages$({ data: true }).pipe(take(1)));
    const same =
      index.current === last.cv &&
      index.index.length === last.objects.size &&
      index.index.every(
        (entry) =>
          last.versions.get(entry.id) === entry.version &&
          JSON.stringify(last.objects.get(entry.id)) === JSON.stringify(entry.data),
      );
    if (!same) throw new Error('the live view differs from the index');
    console.log(`the view equals the index at cv ${last.cv}:`);
    for (const [id, data] of last.objects) console.log(`  ${id} v${last.versions.get(id)}`, data);
  } finally {
    printing.unsubscribe(); // the last subscriber: the view stops and aborts its request
  }
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
    console.log('the feed saw all three changes');

    await followLiveView(api, new Api(app.id, user.accessToken, { baseUrl: server.url }));
    console.log('done');
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
