/**
 * An immutable map that shares structure between versions: what a live view emits as `objects`,
 * `versions` and `invalid`, a new map per emission at a cost that grows with what changed, not
 * with the size of the bucket.
 *
 * A version is a shared base `Map` plus a small overlay of the entries set or removed since the
 * base; a change copies only the overlay. Once the overlay grows past about the square root of the
 * base's size, the next change folds it into a new base, so each change costs O(√n) on average
 * and every version stays O(1) to read.
 *
 * @since 0.1.0
 */

import { MapView } from './map-view.js';

/** Marks a key removed in an overlay. */
export const GONE: unique symbol = Symbol('gone');
export type Slot<V> = V | typeof GONE;

/** Folds the overlay into a new base once it holds more than this many entries. */
export const overlayLimit = (baseSize: number): number => 32 + 4 * Math.ceil(Math.sqrt(baseSize));

/**
 * The overlay of a version with `changes` made (each `[key, value]` sets, each `[key, undefined]`
 * removes) over `overlay` and a base holding the keys `inBase` accepts, and that version's size,
 * from `size`; `undefined` when nothing changes. `overlay` itself is left as it is.
 */
export const overlaid = <K, V>(
  overlay: ReadonlyMap<K, Slot<V>>,
  inBase: (key: K) => boolean,
  size: number,
  changes: Iterable<readonly [K, V | undefined]>,
): { readonly overlay: Map<K, Slot<V>>; readonly size: number } | undefined => {
  let next: Map<K, Slot<V>> | undefined;
  let count = size;
  for (const [key, value] of changes) {
    const current = next ?? overlay;
    const had = current.has(key) ? current.get(key) !== GONE : inBase(key);
    if (value === undefined) {
      if (!had) continue;
      count -= 1;
    } else if (!had) {
      count += 1;
    }
    next ??= new Map(overlay);
    next.set(key, value === undefined ? GONE : value);
  }
  return next === undefined ? undefined : { overlay: next, size: count };
};

export class PersistentMap<K, V> extends MapView<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: ReadonlyMap<K, Slot<V>>,
    readonly size: number,
  ) {
    super();
  }

  /** The empty map. */
  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>(new Map(), new Map(), 0);
  }

  /** A map of `entries` (the last of equal keys wins). */
  static of<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    const base = new Map<K, V>(entries);
    return new PersistentMap<K, V>(base, new Map(), base.size);
  }

  get(key: K): V | undefined {
    if (!this.overlay.has(key)) return this.base.get(key);
    const slot = this.overlay.get(key);
    return slot === GONE ? undefined : slot;
  }

  has(key: K): boolean {
    return this.overlay.has(key) ? this.overlay.get(key) !== GONE : this.base.has(key);
  }

  /**
   * A new map with `changes` made: each `[key, value]` sets, each `[key, undefined]` removes.
   * This map is unchanged; the two share everything the changes did not touch. Returns this map
   * itself when nothing changes.
   */
  with(changes: Iterable<readonly [K, V | undefined]>): PersistentMap<K, V> {
    const next = overlaid(this.overlay, (key) => this.base.has(key), this.size, changes);
    if (next === undefined) return this;
    const { overlay, size } = next;
    if (overlay.size <= overlayLimit(this.base.size)) {
      return new PersistentMap<K, V>(this.base, overlay, size);
    }
    const base = new Map<K, V>(this.base);
    for (const [key, slot] of overlay) {
      if (slot === GONE) base.delete(key);
      else base.set(key, slot);
    }
    return new PersistentMap<K, V>(base, new Map(), base.size);
  }

  /** Base entries not overridden, in the base's order, then the overlay's, in its order. */
  *entries(): MapIterator<[K, V]> {
    for (const entry of this.base) if (!this.overlay.has(entry[0])) yield entry;
    for (const [key, slot] of this.overlay) if (slot !== GONE) yield [key, slot];
  }
}
