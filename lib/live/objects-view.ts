/**
 * The objects a live view shows, without a map of their own: the server's documents, except where
 * an override says otherwise (a local write shown, a document decoded into another object, one the
 * codec refuses). With a codec that decodes a document into itself — io-ts object codecs do, and
 * so does the default one — a view holds one map of documents, not two.
 *
 * @since 0.1.0
 */
import { MapView } from './map-view.js';
import type { PersistentMap } from './persistent-map.js';

/** An override that hides a document (refused by the codec, or deleted by a local write). */
export const HIDDEN: unique symbol = Symbol('hidden');

export type Override<A> = A | typeof HIDDEN;

/** An immutable map of the shown objects: `documents` with `overrides` laid over them. */
export class ObjectsView<A> extends MapView<string, A> {
  constructor(
    private readonly documents: ReadonlyMap<string, unknown>,
    private readonly overrides: PersistentMap<string, Override<A>>,
    readonly size: number,
  ) {
    super();
  }

  /** Whether this view shows `documents` (with its overrides) and counts `size` objects. */
  over(documents: ReadonlyMap<string, unknown>, size: number): boolean {
    return this.documents === documents && this.size === size;
  }

  get(id: string): A | undefined {
    if (!this.overrides.has(id)) return this.documents.get(id) as A | undefined;
    const shown = this.overrides.get(id);
    return shown === HIDDEN ? undefined : shown;
  }

  has(id: string): boolean {
    return this.overrides.has(id) ? this.overrides.get(id) !== HIDDEN : this.documents.has(id);
  }

  *entries(): MapIterator<[string, A]> {
    for (const [id, doc] of this.documents) {
      if (!this.overrides.has(id)) yield [id, doc as A];
    }
    for (const [id, shown] of this.overrides) if (shown !== HIDDEN) yield [id, shown];
  }
}
