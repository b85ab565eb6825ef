/**
 * Watching a live view from a spec: every value it emits is kept, and a spec awaits the emission
 * it expects (never a timer standing in for the event). Plus the server's side of the comparison:
 * the index with data, read over raw HTTP, and the bulk write endpoint.
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import type { Observable, Subscription } from 'rxjs';
import type { LiveView, SimperiumError } from '../../lib';
import type { Remote } from './local-server';

type Emission<A> = E.Either<SimperiumError, LiveView<A>>;

interface Waiter<A> {
  readonly test: (view: LiveView<A>) => boolean;
  readonly resolve: (view: LiveView<A>) => void;
  readonly reject: (error: Error) => void;
}

/** A short, readable account of a view, for failure messages. */
export const describeView = (view: LiveView<unknown> | undefined): string =>
  view === undefined
    ? 'no view yet'
    : JSON.stringify({
        status: view.status,
        cv: view.cv,
        pending: view.pending,
        objects: Object.fromEntries(view.objects),
        versions: Object.fromEntries(view.versions),
        invalid: [...view.invalid.keys()],
      });

/**
 * A subscription to a live view that records what it emits. `next(test)` resolves with the first
 * view, among those emitted from now on, that passes `test`; `until(test)` also accepts the latest
 * one. Both reject when the view ends first.
 */
export class ViewProbe<A> {
  readonly values: Emission<A>[] = [];
  /** Resolves once the view completes. */
  readonly completed: Promise<void>;
  private readonly waiters = new Set<Waiter<A>>();
  private readonly subscription: Subscription;
  private ended = false;

  constructor(view$: Observable<Emission<A>>) {
    let complete: () => void = () => undefined;
    this.completed = new Promise<void>((resolve) => (complete = resolve));
    this.subscription = view$.subscribe({
      next: (value) => {
        this.values.push(value);
        if (E.isLeft(value)) return;
        for (const waiter of [...this.waiters]) {
          if (!waiter.test(value.right)) continue;
          this.waiters.delete(waiter);
          waiter.resolve(value.right);
        }
      },
      error: (error: unknown) => this.finish(new Error(`the view errored: ${String(error)}`)),
      complete: () => {
        this.finish(new Error(`the view completed; last: ${describeView(this.latest)}`));
        complete();
      },
    });
  }

  /** The views emitted so far (the `Right` values). */
  get views(): LiveView<A>[] {
    return this.values.flatMap((v) => (E.isRight(v) ? [v.right] : []));
  }

  /** The last view emitted. */
  get latest(): LiveView<A> | undefined {
    return this.views.at(-1);
  }

  /** The first view emitted from now on that passes `test`. */
  next(test: (view: LiveView<A>) => boolean): Promise<LiveView<A>> {
    if (this.ended) return Promise.reject(new Error('the view has ended'));
    return new Promise((resolve, reject) => this.waiters.add({ test, resolve, reject }));
  }

  /** The latest view when it passes `test`, else the first one emitted from now on that does. */
  until(test: (view: LiveView<A>) => boolean): Promise<LiveView<A>> {
    const latest = this.latest;
    return latest !== undefined && test(latest) ? Promise.resolve(latest) : this.next(test);
  }

  unsubscribe(): void {
    this.subscription.unsubscribe();
    this.finish(new Error('unsubscribed'));
  }

  private finish(error: Error): void {
    this.ended = true;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}

/** Whether a view is live, current to `cv` and has no local write left to confirm. */
export const settledAt =
  (cv: string) =>
  (view: LiveView<unknown>): boolean =>
    view.status === 'live' && view.cv === cv && view.pending === 0;

export interface ServerEntry {
  readonly version: number;
  readonly data: Record<string, unknown>;
}

export interface ServerIndex {
  readonly current: string;
  readonly entries: ReadonlyMap<string, ServerEntry>;
}

const headers = (token: string) => ({ 'X-Simperium-Token': token });

/** `GET {bucket}/index?data=1` as `token`, every page, over raw HTTP. */
export const serverIndex = async (
  remote: Remote,
  token: string,
  bucket: string,
): Promise<ServerIndex> => {
  const entries = new Map<string, ServerEntry>();
  let current: string | undefined;
  let mark: string | undefined;
  do {
    const query = `data=1&limit=1000${mark === undefined ? '' : `&mark=${mark}`}`;
    const res = await fetch(`${remote.url}/1/${remote.app.id}/${bucket}/index?${query}`, {
      headers: headers(token),
    });
    if (res.status !== 200) throw new Error(`index: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as {
      current: string;
      mark?: string;
      index: { id: string; v: number; d: Record<string, unknown> }[];
    };
    current ??= page.current;
    for (const entry of page.index) entries.set(entry.id, { version: entry.v, data: entry.d });
    mark = page.mark;
  } while (mark !== undefined);
  return { current, entries };
};

/** A change for the bulk endpoint: `{ id, o, v?, sv?, ccid?, d? }`. */
export type BulkChange = Readonly<Record<string, unknown>> & { readonly id: string };

/** `POST {bucket}/changes?wait=1` as `token`: the changes applied in one transaction. */
export const bulkChanges = async (
  remote: Remote,
  token: string,
  bucket: string,
  changes: ReadonlyArray<BulkChange>,
): Promise<ReadonlyArray<Record<string, unknown>>> => {
  const res = await fetch(`${remote.url}/1/${remote.app.id}/${bucket}/changes?wait=1`, {
    method: 'POST',
    headers: { ...headers(token), 'Content-Type': 'application/json' },
    body: JSON.stringify(changes),
  });
  if (res.status !== 200) throw new Error(`bulk changes: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>[];
};

/** JSON with every object's keys sorted: equal for equal values, whatever their key order. */
export const canonical = (u: unknown): string =>
  JSON.stringify(u, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );

/**
 * Where a view differs from the server's index (decoded with `codec`): an empty list when every
 * object the server lists is in `objects` with its data (or in `invalid` when the codec refuses
 * it), with its version, and the view holds nothing else.
 */
export const differences = <A>(
  view: LiveView<A>,
  index: ServerIndex,
  codec: t.Decoder<unknown, A>,
): string[] => {
  const found: string[] = [];
  const show = (u: unknown) => JSON.stringify(u);
  for (const [id, entry] of index.entries) {
    const decoded = codec.decode(entry.data);
    if (view.versions.get(id) !== entry.version)
      found.push(`${id}: version ${view.versions.get(id)}, server ${entry.version}`);
    if (E.isRight(decoded)) {
      if (canonical(view.objects.get(id)) !== canonical(decoded.right))
        found.push(`${id}: ${show(view.objects.get(id))}, server ${show(decoded.right)}`);
      if (view.invalid.has(id)) found.push(`${id}: valid on the server, invalid in the view`);
    } else if (!view.invalid.has(id) || view.objects.has(id)) {
      found.push(`${id}: invalid on the server (${show(entry.data)}), not in the view's invalid`);
    } else if (view.invalid.get(id)?.id !== id) {
      found.push(`${id}: its DecodeError does not carry its id`);
    }
  }
  for (const id of [...view.objects.keys(), ...view.invalid.keys(), ...view.versions.keys()])
    if (!index.entries.has(id)) found.push(`${id}: in the view, not on the server`);
  return found;
};
