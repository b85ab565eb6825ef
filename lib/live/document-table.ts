/**
 * The server's documents a live view holds and their versions, in one immutable table that shares
 * structure between versions as `PersistentMap` does: a base, and a small overlay of the entries
 * set or removed since, folded into a new base once it grows past about the square root of the
 * base's size.
 *
 * The base is one index of ids to slots, an array of each slot's document and a typed array of
 * its version (4 bytes a version while every version fits in 32 bits, else 8), where two maps
 * would each hold a hash table of every id: on Node 20, about 25 bytes an object less, which for
 * small documents is most of what a view adds to them.
 *
 * @since 0.1.0
 */
import type { JsonObject } from '../jsondiff/types.js';
import { MapView } from './map-view.js';
import { GONE, overlaid, overlayLimit } from './persistent-map.js';

/** A document held, and its version. */
export interface Held {
  readonly data: JsonObject;
  readonly version: number;
}

/** The versions of a base, a slot each. */
type Versions = Uint32Array | Float64Array;

/** The largest version a `Uint32Array` holds. */
const MAX_UINT32 = 0xffffffff;

/** Which of an entry's two fields: its document (0) or its version (1), as placed in a slot. */
type Field = 0 | 1;

/** The field of a held entry. */
const pick = (held: Held, field: Field): JsonObject | number =>
  field === 0 ? held.data : held.version;

/** One of the table's two columns, as a read-only map. */
class Column<V extends JsonObject | number> extends MapView<string, V> {
  constructor(
    private readonly table: DocumentTable,
    private readonly field: Field,
  ) {
    super();
  }

  get size(): number {
    return this.table.size;
  }

  get(id: string): V | undefined {
    return this.table.field(id, this.field) as V | undefined;
  }

  has(id: string): boolean {
    return this.table.has(id);
  }

  *entries(): MapIterator<[string, V]> {
    for (const [id, held] of this.table.entries()) yield [id, pick(held, this.field) as V];
  }
}

export class DocumentTable {
  /** The documents, by id: the same map object for as long as this table is. */
  readonly documents: ReadonlyMap<string, JsonObject> = new Column(this, 0);
  /** The versions, by id: the same map object for as long as this table is. */
  readonly versions: ReadonlyMap<string, number> = new Column(this, 1);

  private constructor(
    /** The base: each id's slot. */
    private readonly slots: ReadonlyMap<string, number>,
    /** The base: each slot's document. */
    private readonly docs: ReadonlyArray<JsonObject>,
    /** The base: each slot's version. */
    private readonly versionsOf: Versions,
    private readonly overlay: ReadonlyMap<string, Held | typeof GONE>,
    readonly size: number,
  ) {}

  /** The empty table. */
  static empty(): DocumentTable {
    return new DocumentTable(new Map(), [], new Uint32Array(0), new Map(), 0);
  }

  /** A table of `entries` (the last of equal ids wins). */
  static of(entries: Iterable<readonly [string, Held]>): DocumentTable {
    return DocumentTable.empty().with(entries);
  }

  /** The document held for `id`, and its version. */
  get(id: string): Held | undefined {
    if (this.overlay.has(id)) {
      const held = this.overlay.get(id);
      return held === GONE ? undefined : held;
    }
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.cell(slot);
  }

  has(id: string): boolean {
    return this.overlay.has(id) ? this.overlay.get(id) !== GONE : this.slots.has(id);
  }

  /** One field of `id`'s entry (see {@link get}), read without making an entry object. */
  field(id: string, field: Field): JsonObject | number | undefined {
    if (this.overlay.has(id)) {
      const held = this.overlay.get(id);
      return held === GONE || held === undefined ? undefined : pick(held, field);
    }
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    return field === 0 ? this.docs[slot] : this.versionsOf[slot];
  }

  /**
   * A new table with `changes` made: each `[id, held]` sets, each `[id, undefined]` removes. This
   * table is unchanged; the two share everything the changes did not touch. Returns this table
   * itself when nothing changes.
   */
  with(changes: Iterable<readonly [string, Held | undefined]>): DocumentTable {
    const changed = overlaid(this.overlay, (id) => this.slots.has(id), this.size, changes);
    if (changed === undefined) return this;
    const { overlay, size } = changed;
    const next = new DocumentTable(this.slots, this.docs, this.versionsOf, overlay, size);
    return overlay.size <= overlayLimit(this.slots.size) ? next : next.folded();
  }

  /** Entries of the base not overridden, in the base's order, then the overlay's, in its order. */
  *entries(): MapIterator<[string, Held]> {
    for (const [id, slot] of this.slots) if (!this.overlay.has(id)) yield [id, this.cell(slot)];
    for (const [id, held] of this.overlay) if (held !== GONE) yield [id, held];
  }

  /**
   * The same table with its overlay folded into a new base: ids keep their place, removed ones
   * leave none behind, new ones come last.
   */
  private folded(): DocumentTable {
    const slots = new Map<string, number>();
    const docs = new Array<JsonObject>(this.size);
    // The base's versions fit in its array; only the overlay's can be wider.
    let wide = this.versionsOf instanceof Float64Array;
    for (const held of this.overlay.values()) wide ||= held !== GONE && held.version > MAX_UINT32;
    const versions = wide ? new Float64Array(this.size) : new Uint32Array(this.size);
    const put = (id: string, doc: JsonObject, version: number): void => {
      const slot = slots.size;
      slots.set(id, slot);
      docs[slot] = doc;
      versions[slot] = version;
    };
    for (const [id, slot] of this.slots) {
      if (!this.overlay.has(id)) {
        put(id, this.docs[slot] as JsonObject, this.versionsOf[slot] as number);
        continue;
      }
      const held = this.overlay.get(id);
      if (held !== undefined && held !== GONE) put(id, held.data, held.version);
    }
    for (const [id, held] of this.overlay) {
      if (held !== GONE && !this.slots.has(id)) put(id, held.data, held.version);
    }
    return new DocumentTable(slots, docs, versions, new Map(), slots.size);
  }

  private cell(slot: number): Held {
    return { data: this.docs[slot] as JsonObject, version: this.versionsOf[slot] as number };
  }
}
