import * as t from 'io-ts';
import { filter, firstValueFrom, map, type Observable } from 'rxjs';
import * as E from '../../lib/either';
import type { LiveView } from '../../lib';
import { heldState, holdState, memoryStore, type HeldState } from '../../lib/live/memory-store';
import { DocumentTable } from '../../lib/live/document-table';
import type { LiveStore, StoredView } from '../../lib/live/types';
import { expectRight } from '../support/either';
import {
  createUser,
  describeLocalOnly,
  randomBucket,
  startRemote,
  type Remote,
} from '../support/local-server';

const stored: StoredView = { cv: 'cv1', objects: { a: { text: 'x' } }, versions: { a: 1 } };

const held: HeldState = {
  cv: 'cv2',
  table: DocumentTable.of([['a', { data: { text: 'y' }, version: 2 }]]),
};

describe('memoryStore', () => {
  it('should load what was saved under the same key, and nothing under another', async () => {
    const store = memoryStore();
    await store.save('k', stored);
    expect(await store.load('k')).toBe(stored);
    expect(await store.load('other')).toBeUndefined();
  });

  it("should hold a view's state as it is, and load it as a plain stored view", async () => {
    const store = memoryStore();
    expect(holdState(store, 'k', held)).toBe(true);
    expect(heldState(store, 'k')).toBe(held);
    expect(await store.load('k')).toEqual({
      cv: 'cv2',
      objects: { a: { text: 'y' } },
      versions: { a: 2 },
    });
  });

  it('should answer no held state for a stored view saved through save, nor for another key', async () => {
    const store = memoryStore();
    await store.save('k', stored);
    expect(heldState(store, 'k')).toBeUndefined();
    expect(heldState(store, 'other')).toBeUndefined();
    holdState(store, 'k', held);
    await store.save('k', stored);
    expect(heldState(store, 'k')).toBeUndefined();
  });

  it('should hold nothing in a store that is not a memory store', () => {
    const other: LiveStore = {
      load: () => Promise.resolve(undefined),
      save: () => Promise.resolve(),
    };
    expect(holdState(other, 'k', held)).toBe(false);
    expect(heldState(other, 'k')).toBeUndefined();
  });
});

const Todo = t.type({ text: t.string });
type Todo = t.TypeOf<typeof Todo>;

/** The first view `test` accepts (failing on a `Left`). */
const viewWhere = (
  view$: Observable<E.Either<unknown, LiveView<Todo>>>,
  test: (view: LiveView<Todo>) => boolean,
): Promise<LiveView<Todo>> =>
  firstValueFrom(
    view$.pipe(
      map((v) => {
        if (E.isLeft(v)) throw new Error(`live$ emitted a Left: ${JSON.stringify(v.left)}`);
        return v.right;
      }),
      filter(test),
    ),
  );

describeLocalOnly('a live view on the default memory store', () => {
  let remote: Remote;

  beforeAll(async () => {
    remote = await startRemote();
  });

  afterAll(() => remote.close());

  it('should resume from its own maps, emitted first, then catch up without reading the index', async () => {
    const requests: string[] = [];
    const user = await createUser(remote, {
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket, Todo);
    const a = expectRight(await firstValueFrom(todo.new$({ text: 'a' })));

    const first$ = todo.live$();
    const running = first$.subscribe();
    const before = await viewWhere(first$, (v) => v.status === 'live' && v.objects.has(a));
    running.unsubscribe(); // saves at once, into the bucket object's memory store

    const b = expectRight(await firstValueFrom(todo.new$({ text: 'b' })));
    requests.length = 0;

    const second$ = todo.live$();
    const views: LiveView<Todo>[] = [];
    const again = second$.subscribe((v) => {
      if (E.isRight(v)) views.push(v.right);
    });
    try {
      await viewWhere(second$, (v) => v.objects.has(b));
      const [resumed] = views;
      expect(resumed?.status).toBe('loading');
      expect(resumed?.cv).toBe(before.cv);
      expect(resumed?.versions).toBe(before.versions); // the very maps it held, not a copy
      expect([...(resumed?.objects ?? new Map())]).toEqual([[a, { text: 'a' }]]);
      expect(requests.filter((url) => /\/index\b/.test(url))).toEqual([]);
      expect(
        requests.some((url) => url.includes(`/changes?`) && url.includes(`cv=${before.cv}`)),
      ).toBe(true);
    } finally {
      again.unsubscribe();
    }
  });
});
