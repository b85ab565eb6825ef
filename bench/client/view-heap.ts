/**
 * Heap of a live view: `heapUsed` growth, after forced garbage collections, from before a view
 * of a seeded bucket was opened to when it is live with every object and has saved its snapshot
 * to its (default, in-memory) store, against the byte length of the JSON of its objects
 * (`JSON.stringify` of `{ id: object }` for every object, as the index with data carries them).
 *
 * The view's code is loaded before the first sample, so that only what the view holds counts.
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { firstValueFrom, filter, map, take, type Subscription } from 'rxjs';
import type { LiveView } from '../../lib';
import { memoryStore } from '../../lib';
import type { ClientSetup } from '../support/client-setup';
import { fmt } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface ViewHeapOptions<A> {
  /** The seeded bucket. */
  readonly bucket: string;
  /** How many objects it holds (the view must show them all). */
  readonly objects: number;
  /** The codec of its documents (one that decodes a document into itself). */
  readonly codec: t.Decoder<unknown, A>;
  /** What the documents are, for the table (`notes`). */
  readonly what: string;
  /** At most this multiple of the JSON size for the view (default: none, reported only). */
  readonly target?: number;
}

const MB = 1024 * 1024;

/** `heapUsed` after full collections, taken until it stops falling (at most five). */
const settledHeap = (gc: () => void): number => {
  let heap = Infinity;
  for (let i = 0; i < 5; i += 1) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= heap) return heap;
    heap = used;
  }
  return heap;
};

/**
 * Measures the heap of a view of `objects` objects; resolves with two rows: the view's (against
 * `target`, when given), and for comparison that of the same objects in one `Map` of id to
 * document straight from `JSON.parse`: what the documents themselves, their ids and a single map
 * of them take in this engine, before anything a view adds.
 *
 * @param gc forces a full garbage collection (`globalThis.gc` under `--expose-gc`)
 */
export const viewHeap = async <A>(
  setup: ClientSetup,
  options: ViewHeapOptions<A>,
  gc: () => void,
): Promise<Row[]> => {
  await import('../../lib/live/shared');
  const store = memoryStore();
  const storeKey = `heap ${options.bucket}`;
  /** Resolves once the view saved its snapshot to `store`. */
  const saved = async (): Promise<void> => {
    while ((await store.load(storeKey)) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const before = settledHeap(gc);
  let subscription: Subscription | undefined;
  let view: LiveView<A> | undefined;
  try {
    const view$ = setup.api.bucket(options.bucket, options.codec).live$({ store, storeKey });
    const live = firstValueFrom(
      view$.pipe(
        map((v) => {
          if (E.isLeft(v)) throw new Error(`live$ emitted Left(${v.left._tag})`);
          return v.right;
        }),
        filter((v) => v.status === 'live' && v.objects.size === options.objects),
        take(1),
      ),
    );
    subscription = view$.subscribe();
    view = await live;
    await saved();
    const after = settledHeap(gc);
    const growth = after - before;
    const json = JSON.stringify(Object.fromEntries(view.objects));
    const bytes = Buffer.byteLength(json);
    // For comparison: the same objects in one Map, straight from JSON.parse.
    const empty = settledHeap(gc);
    const floor = new Map(Object.entries(JSON.parse(json) as Record<string, unknown>));
    const floorGrowth = settledHeap(gc) - empty;
    if (floor.size !== view.objects.size) throw new Error('view heap: the floor lost objects');
    const row = (measure: string, heap: number, target?: number): Row => ({
      measure,
      baseline: `${fmt(bytes / MB, 2)} MB`,
      subject: `${fmt(heap / MB, 2)} MB`,
      ratio: `${fmt(heap / bytes, 2)}×`,
      target: target === undefined ? '—' : `≤ ${fmt(target, 2)}×`,
      verdict: target === undefined ? '—' : verdict(heap / bytes <= target),
    });
    const each = `${options.what} of ${fmt(bytes / options.objects)} bytes of JSON each`;
    return [
      row(
        `heap of a live view of ${fmt(options.objects)} ${each} (read from the index, snapshot saved in memory), against their JSON`,
        growth,
        options.target,
      ),
      row(
        `heap of the same ${options.what} in one Map from JSON.parse (for comparison), against their JSON`,
        floorGrowth,
      ),
    ];
  } finally {
    subscription?.unsubscribe();
    await setup.server.whenHeld((held) => held === 0);
  }
};
