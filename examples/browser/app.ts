/**
 * The browser demo's page (`npm run demo`): a todo list on a live view of the `todo` bucket,
 * saved in IndexedDB. Add, edit, tick and delete; every change shows at once, and in every other
 * window within a moment. A reloaded page shows its todos from IndexedDB before the network
 * answers. Offline, edits still show at once: the writes retry until the server is back, and the
 * view catches up from its cursor. (A view saves only the server's state: a write still waiting
 * when the page is closed is lost.)
 */
import { either as E } from 'fp-ts';
import * as t from 'io-ts';
import type { Observable } from 'rxjs';
import { Api, indexedDbStore, type LiveView } from 'simperium-rx';

const Todo = t.type({ text: t.string, done: t.boolean, created: t.number });
type Todo = t.TypeOf<typeof Todo>;

interface Config {
  readonly baseUrl: string;
  readonly appId: string;
  readonly token: string;
}

const config = JSON.parse(document.getElementById('config')?.textContent ?? '{}') as Config;
const api = new Api(config.appId, config.token, {
  baseUrl: config.baseUrl,
  // Writes retry until they get through (each with its ccid, so never twice): an edit made
  // offline stays shown, counted as pending, and reaches the server once it is back.
  retry: { count: Infinity, maxDelay: 5_000 },
});
const todos = api.bucket('todo', Todo);

const status = document.querySelector('#status')!;
const list = document.querySelector<HTMLUListElement>('#todos')!;
const form = document.querySelector<HTMLFormElement>('#add')!;
let shown: LiveView<Todo> | undefined;

/** Sends a write; the view shows it at once and settles it on the server's answer. */
const write = (write$: Observable<unknown>): void => void write$.subscribe();

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = form.elements.namedItem('text') as HTMLInputElement;
  const text = input.value.trim();
  if (text !== '') write(todos.new$({ text, done: false, created: Date.now() }));
  input.value = '';
});

/** A todo's row: its checkbox, its text (edited in place), its delete button. */
const row = (id: string): HTMLLIElement => {
  const li = document.createElement('li');
  li.dataset.id = id;
  const done = Object.assign(document.createElement('input'), { type: 'checkbox' });
  const text = Object.assign(document.createElement('input'), { className: 'text' });
  const remove = Object.assign(document.createElement('button'), { textContent: '×' });
  remove.title = 'Delete';
  done.addEventListener('change', () => write(todos.post$(id, { done: done.checked })));
  // Sent with the version it was made on: the server merges it with concurrent edits of the text.
  text.addEventListener('change', () =>
    write(todos.post$(id, { text: text.value }, { version: shown?.versions.get(id) })),
  );
  text.addEventListener('keydown', (event) => event.key === 'Enter' && text.blur());
  remove.addEventListener('click', () => write(todos.delete$(id)));
  li.append(done, text, remove);
  return li;
};

/** Makes the list show `view`: rows kept by id, so an edit in progress is left alone. */
const render = (view: LiveView<Todo>): void => {
  shown = view;
  const pending = view.pending > 0 ? ` · ${view.pending} to sync` : '';
  status.textContent = `${view.status} · ${view.objects.size} todos${pending}`;
  const rows = new Map(Array.from(list.querySelectorAll('li'), (li) => [li.dataset.id, li]));
  const sorted = [...view.objects].sort(([, a], [, b]) => a.created - b.created);
  sorted.forEach(([id, todo], position) => {
    const li = rows.get(id) ?? row(id);
    rows.delete(id);
    const [done, text] = Array.from(li.querySelectorAll('input'));
    li.classList.toggle('done', todo.done);
    done!.checked = todo.done;
    if (document.activeElement !== text) text!.value = todo.text;
    const here = list.children[position];
    if (here !== li) list.insertBefore(li, here ?? null);
  });
  rows.forEach((li) => li.remove());
};

const subscription = todos
  .live$({ store: indexedDbStore('simperium-rx-demo') })
  .subscribe((view) =>
    E.isRight(view) ? render(view.right) : (status.textContent = `stopped: ${view.left._tag}`),
  );
// Unsubscribing saves the view at once (it is otherwise saved at most a second behind).
addEventListener('pagehide', () => subscription.unsubscribe());
