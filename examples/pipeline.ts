/**
 * Live views composed with other Rx streams, against the local server started in-process:
 *
 *   npx tsx examples/pipeline.ts
 *
 * 1. A board: the live view of the `list` bucket joined with the live view of the `todo` bucket
 *    (`combineLatest`), each list with its open todos, current whenever either bucket changes.
 * 2. A search box: keystrokes debounced, then matched against the todos' live view, so the results
 *    follow both the query and the data.
 *
 * Another device of the same user makes the changes. Prints each state and exits 0.
 */
import { either as E } from 'fp-ts';
import * as t from 'io-ts';
import {
  Subject,
  combineLatest,
  concatMap,
  debounceTime,
  distinctUntilChanged,
  filter,
  firstValueFrom,
  map,
  of,
  delay,
  shareReplay,
  type Observable,
} from 'rxjs';
import { Api, Auth, type Bucket, type SimperiumError } from 'simperium-rx';
import { startServer } from 'simperium-rx/server';

const List = t.type({ name: t.string });
const Todo = t.type({ text: t.string, done: t.boolean, list: t.string });
type Todo = t.TypeOf<typeof Todo>;

/** A bucket's objects, each time they change (a `Left` ends the view: fail loudly). */
const objects$ = <A>(bucket: Bucket<A>): Observable<ReadonlyMap<string, A>> =>
  bucket.live$().pipe(
    map((view) => {
      if (E.isLeft(view)) throw new Error(`live view failed: ${view.left._tag}`);
      return view.right;
    }),
    filter((view) => view.status === 'live'),
    map((view) => view.objects),
    distinctUntilChanged(),
  );

/** Each list, by name, with the text of its open todos. */
const board = (lists: ReadonlyMap<string, { name: string }>, todos: ReadonlyMap<string, Todo>) =>
  [...lists]
    .map(([id, list]) => {
      const open = [...todos.values()].filter((todo) => todo.list === id && !todo.done);
      return `${list.name}: ${
        open
          .map((todo) => todo.text)
          .sort()
          .join(', ') || '(nothing)'
      }`;
    })
    .sort();

/** The todos whose text holds `query`, whatever its case. */
const search = (query: string, todos: ReadonlyMap<string, Todo>): string[] =>
  [...todos.values()]
    .filter((todo) => todo.text.toLowerCase().includes(query.toLowerCase()))
    .map((todo) => todo.text)
    .sort();

/** Unwraps a one-shot call's `Right`, or fails loudly with its `Left`. */
const run = async <A>(call$: Observable<E.Either<SimperiumError, A>>): Promise<A> => {
  const result = await firstValueFrom(call$);
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

async function main(): Promise<void> {
  const server = await startServer({ pollWindowMs: 5_000 });
  const app = server.apps[0]!;
  try {
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    const { accessToken } = await run(auth.create$('ann@example.com', 'secret'));
    const api = new Api(app.id, accessToken, { baseUrl: server.url });
    const phone = new Api(app.id, accessToken, { baseUrl: server.url }); // another device
    const [lists, todos] = [api.bucket('list', List), api.bucket('todo', Todo)];
    const [phoneLists, phoneTodos] = [phone.bucket('list', List), phone.bucket('todo', Todo)];

    const shop = await run(phoneLists.new$({ name: 'Shopping' }));
    const home = await run(phoneLists.new$({ name: 'Home' }));
    const milk = await run(phoneTodos.new$({ text: 'Buy milk', done: false, list: shop }));
    await run(phoneTodos.new$({ text: 'Eggs', done: false, list: shop }));
    await run(phoneTodos.new$({ text: 'Fix the tap', done: false, list: home }));

    // 1. The board: both views together, recomputed when either changes.
    const board$ = combineLatest([objects$(lists), objects$(todos)]).pipe(
      map(([listsNow, todosNow]) => board(listsNow, todosNow).join(' | ')),
      distinctUntilChanged(),
    );
    const printing = board$.subscribe((line) => console.log(`board: ${line}`));
    const boardShows = (text: string) =>
      firstValueFrom(board$.pipe(filter((b) => b.includes(text))));
    await boardShows('Shopping: Buy milk, Eggs');

    await run(phoneTodos.post$(milk, { done: true }));
    await boardShows('Home: Fix the tap | Shopping: Eggs');
    await run(phoneLists.post$(home, { name: 'House' }));
    await boardShows('House: Fix the tap | Shopping: Eggs');

    // 2. The search box: four keystrokes 40 ms apart, one search 200 ms after the last.
    const keys$ = new Subject<string>();
    const results$ = combineLatest([
      keys$.pipe(debounceTime(200), distinctUntilChanged()),
      objects$(todos),
    ]).pipe(
      map(([query, now]) => `search "${query}": ${search(query, now).join(', ') || '(none)'}`),
      shareReplay({ bufferSize: 1, refCount: true }), // a late subscriber sees the last results
    );
    const searching = results$.subscribe((line) => console.log(line));
    const found = (text: string) => firstValueFrom(results$.pipe(filter((r) => r.includes(text))));
    const typed = found('search "milk": Buy milk');
    of('m', 'mi', 'mil', 'milk')
      .pipe(concatMap((query) => of(query).pipe(delay(40))))
      .subscribe((query) => keys$.next(query));
    await typed;

    // The results follow the data too: the phone adds a match.
    await run(phoneTodos.new$({ text: 'Oat milk', done: false, list: shop }));
    await found('Buy milk, Oat milk');

    searching.unsubscribe();
    printing.unsubscribe(); // the last subscribers: both views stop and abort their requests
    console.log('done');
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
