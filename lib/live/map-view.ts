/**
 * What every read-only map a live view emits shares: `keys`, `values`, `forEach` and iteration,
 * all in terms of `entries`.
 *
 * @since 0.1.0
 */

/** A `ReadonlyMap` defined by its `size`, `get`, `has` and `entries`. */
export abstract class MapView<K, V> implements ReadonlyMap<K, V> {
  abstract readonly size: number;

  abstract get(key: K): V | undefined;

  abstract has(key: K): boolean;

  abstract entries(): MapIterator<[K, V]>;

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
