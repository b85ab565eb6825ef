/**
 * The state of a live view and every way it changes, as pure functions: the server's confirmed
 * state (from an index, a store, the change feed and refetched objects), the local writes shown
 * over it until the server confirms them, and the decoded objects the view emits.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import type { Change } from '../codecs/change.js';
import { decodeValue } from '../codecs/decode.js';
import * as E from '../either.js';
import type { DecodeError, SimperiumError } from '../errors.js';
import { apply } from '../jsondiff/apply.js';
import type { JsonObject } from '../jsondiff/types.js';
import { DocumentTable, type Held } from './document-table.js';
import { HIDDEN, ObjectsView, type Override } from './objects-view.js';
import { PersistentMap } from './persistent-map.js';
import type { LiveStatus, LiveView, StoredView } from './types.js';

/** The server's state of the bucket, at a cursor: documents in wire form and their versions. */
export interface Confirmed {
  readonly cv: string | undefined;
  readonly table: DocumentTable;
}

/** A write made through the view's client, shown before the server confirms it. */
export interface PendingWrite {
  readonly ccid: string;
  readonly id: string;
  readonly kind: 'merge' | 'replace' | 'delete';
  /** The keys merged, or the whole document (wire form); none for a delete. */
  readonly data?: JsonObject;
  /** Whether the server answered, and the version it reported then. */
  readonly answered?: { readonly version?: number };
}

export interface ViewState<A> {
  readonly status: LiveStatus;
  readonly confirmed: Confirmed;
  readonly pending: ReadonlyArray<PendingWrite>;
  /** Where the shown objects differ from the confirmed documents (see `ObjectsView`). */
  readonly overrides: PersistentMap<string, Override<A>>;
  /** How many objects are shown. */
  readonly size: number;
  readonly invalid: PersistentMap<string, DecodeError>;
}

export const emptyConfirmed: Confirmed = { cv: undefined, table: DocumentTable.empty() };

/** The state before anything was read. */
export const initialState = <A>(): ViewState<A> => ({
  status: 'loading',
  confirmed: emptyConfirmed,
  pending: [],
  overrides: PersistentMap.empty(),
  size: 0,
  invalid: PersistentMap.empty(),
});

/** The last objects view made for each overrides map: unchanged objects are the same map. */
const views = new WeakMap<object, ObjectsView<unknown>>();

/**
 * The objects a state shows: the same map object as long as neither the documents nor the
 * overrides change, so `distinctUntilChanged` and UI frameworks see what did.
 */
export const objectsOf = <A>(state: ViewState<A>): ObjectsView<A> => {
  const cached = views.get(state.overrides) as ObjectsView<A> | undefined;
  const documents = state.confirmed.table.documents;
  if (cached !== undefined && cached.over(documents, state.size)) return cached;
  const view = new ObjectsView(documents, state.overrides, state.size);
  views.set(state.overrides, view as ObjectsView<unknown>);
  return view;
};

/** What the view emits for a state. */
export const toView = <A>(state: ViewState<A>): LiveView<A> => ({
  status: state.status,
  cv: state.confirmed.cv,
  objects: objectsOf(state),
  versions: state.confirmed.table.versions,
  pending: state.pending.length,
  invalid: state.invalid,
});

/** The document shown for `id`: the confirmed one, then each pending write to it, in order. */
const shown = (confirmed: Confirmed, pending: ReadonlyArray<PendingWrite>, id: string) => {
  let doc = confirmed.table.documents.get(id);
  for (const write of pending) {
    if (write.id !== id) continue;
    if (write.kind === 'delete') doc = undefined;
    else if (write.kind === 'replace') doc = write.data;
    else doc = { ...doc, ...write.data };
  }
  return doc;
};

/**
 * Shows the objects of `ids` again: each one's shown document decoded, as the confirmed document
 * itself when it decodes into itself and no local write changes it, else as an override (the
 * decoded object, or hidden when there is none or the codec refuses it, with why in `invalid`).
 * `before` is what was shown until now (to keep the count of shown objects).
 */
const redisplay = <A>(
  state: ViewState<A>,
  codec: t.Decoder<unknown, A>,
  ids: Iterable<string>,
  before: ReadonlyMap<string, A> = objectsOf(state),
): ViewState<A> => {
  const raw = state.confirmed.table.documents;
  const overrides: Array<[string, Override<A> | undefined]> = [];
  const invalid: Array<[string, DecodeError | undefined]> = [];
  let size = state.size;
  for (const id of ids) {
    const doc = shown(state.confirmed, state.pending, id);
    const decoded = doc === undefined ? undefined : decodeValue(codec, doc);
    const object = decoded !== undefined && E.isRight(decoded) ? decoded.right : undefined;
    overrides.push([
      id,
      object !== undefined
        ? doc === raw.get(id) && (object as unknown) === doc
          ? undefined
          : object
        : raw.has(id)
          ? HIDDEN
          : undefined,
    ]);
    invalid.push([
      id,
      decoded !== undefined && E.isLeft(decoded) ? { ...decoded.left, id } : undefined,
    ]);
    size += (object !== undefined ? 1 : 0) - (before.has(id) ? 1 : 0);
  }
  return {
    ...state,
    overrides: state.overrides.with(overrides),
    size,
    invalid: state.invalid.with(invalid),
  };
};

/** Whether the server's state already holds a write the server answered. */
const superseded = (confirmed: Confirmed, write: PendingWrite): boolean => {
  if (write.answered === undefined) return false;
  const held = confirmed.table.versions.get(write.id);
  const version = write.answered.version;
  if (write.kind === 'delete')
    return held === undefined || (version !== undefined && held >= version);
  return version !== undefined && held !== undefined && held >= version;
};

/**
 * A state with `confirmed` as the server's state and `status`; the pending writes it holds
 * (`ccids` confirmed, or superseded by newer versions) are dropped, and the objects of `ids`
 * (every object when `ids` is absent) are shown again.
 */
export const withConfirmed = <A>(
  state: ViewState<A>,
  codec: t.Decoder<unknown, A>,
  confirmed: Confirmed,
  status: LiveStatus,
  ccids: ReadonlySet<string> = new Set(),
  ids?: Iterable<string>,
): ViewState<A> => {
  const kept = state.pending.filter((w) => !ccids.has(w.ccid) && !superseded(confirmed, w));
  const touched = new Set(ids ?? []);
  for (const write of state.pending) if (!kept.includes(write)) touched.add(write.id);
  const next: ViewState<A> = { ...state, status, confirmed, pending: kept };
  if (ids !== undefined) return redisplay(next, codec, touched, objectsOf(state));
  const everything = new Set([...confirmed.table.documents.keys(), ...touched]);
  for (const write of kept) everything.add(write.id);
  return redisplay(
    {
      ...next,
      overrides: PersistentMap.empty(),
      size: confirmed.table.size,
      invalid: PersistentMap.empty(),
    },
    codec,
    everything,
  );
};

/** The outcome of applying an answer of the change feed to the server's state. */
export interface Applied {
  readonly confirmed: Confirmed;
  /** Objects whose document or version changed. */
  readonly touched: ReadonlySet<string>;
  /** Objects to read again: a change did not apply to the version held, or did not decode. */
  readonly stale: ReadonlySet<string>;
  /** The change ids the answer confirms. */
  readonly ccids: ReadonlySet<string>;
}

/**
 * Applies one answer of the change feed, in order: a change whose `sv` is the version held (or a
 * creation of an object not held) is applied with jsondiff; a change already held (`ev` not
 * newer) is skipped; a deletion drops the object; anything else — an unknown base version, a diff
 * that does not apply, a change that did not decode but names its object — marks the object
 * stale, to be read again, and its later changes in the answer are left to that read. The cursor
 * becomes `cv`, the feed's cursor after the answer.
 */
export const applyChanges = (
  confirmed: Confirmed,
  changes: ReadonlyArray<E.Either<SimperiumError, Change<unknown>>>,
  cv: string | undefined,
): Applied => {
  const written = new Map<string, Held | undefined>();
  const heldOf = (id: string) => (written.has(id) ? written.get(id) : confirmed.table.get(id));
  const stale = new Set<string>();
  const ccids = new Set<string>();
  for (const item of changes) {
    if (E.isLeft(item)) {
      if (item.left._tag === 'DecodeError' && item.left.id !== undefined) stale.add(item.left.id);
      continue;
    }
    const change = item.right;
    for (const ccid of change.ccids ?? []) ccids.add(ccid);
    const { id, ev, sv } = change;
    const held = heldOf(id)?.version;
    if (stale.has(id) || (held !== undefined && ev !== undefined && ev <= held)) continue;
    if (change.o === '-') {
      written.set(id, undefined);
      continue;
    }
    if (change.o !== 'M') continue;
    const base =
      sv === undefined
        ? held === undefined
          ? {}
          : undefined
        : sv === held
          ? heldOf(id)?.data
          : undefined;
    let next: JsonObject | undefined;
    try {
      next = base === undefined || ev === undefined ? undefined : apply(base, change.v ?? {});
    } catch {
      next = undefined;
    }
    if (next === undefined) stale.add(id);
    else written.set(id, { data: next, version: ev as number });
  }
  return {
    confirmed: {
      cv: cv ?? confirmed.cv,
      table: confirmed.table.with(written),
    },
    touched: new Set(written.keys()),
    stale,
    ccids,
  };
};

/**
 * The server's state with an object read again: its document and version when it is newer than
 * the one held (or none is held), or no object when the server has none (`undefined`).
 */
export const withFetched = (
  confirmed: Confirmed,
  id: string,
  fetched: { readonly version: number; readonly data: JsonObject } | undefined,
): Confirmed => {
  if (fetched === undefined)
    return { ...confirmed, table: confirmed.table.with([[id, undefined]]) };
  const held = confirmed.table.get(id);
  if (held !== undefined && held.version > fetched.version) return confirmed;
  return { ...confirmed, table: confirmed.table.with([[id, fetched]]) };
};

/** A state showing a new local write. */
export const withPending = <A>(
  state: ViewState<A>,
  codec: t.Decoder<unknown, A>,
  write: PendingWrite,
): ViewState<A> => redisplay({ ...state, pending: [...state.pending, write] }, codec, [write.id]);

/**
 * A state told how a local write ended: `undefined` when it failed or was cancelled (it is
 * rolled back), else the server's answer. It is dropped when it changed nothing (`changed:
 * false`), when the answer has no version (HTTP 409: this ccid was applied before, so this
 * request changed nothing either, and the feed may have carried that ccid already, or before the
 * view's snapshot: waiting for it could show the write forever), or when the server's state
 * already holds its version; otherwise it stays shown until the feed confirms it.
 */
export const withAnswer = <A>(
  state: ViewState<A>,
  codec: t.Decoder<unknown, A>,
  ccid: string,
  answer: { readonly version?: number; readonly changed?: boolean } | undefined,
): ViewState<A> => {
  const write = state.pending.find((w) => w.ccid === ccid);
  if (write === undefined) return state;
  const answered: PendingWrite = {
    ...write,
    answered: answer?.version === undefined ? {} : { version: answer.version },
  };
  const done =
    answer === undefined ||
    answer.changed === false ||
    answer.version === undefined ||
    superseded(state.confirmed, answered);
  const pending = done
    ? state.pending.filter((w) => w !== write)
    : state.pending.map((w) => (w === write ? answered : w));
  return redisplay({ ...state, pending }, codec, [write.id]);
};

/** What a store keeps of the server's state. */
export const toStored = (confirmed: Confirmed & { readonly cv: string }): StoredView => ({
  cv: confirmed.cv,
  objects: Object.fromEntries(confirmed.table.documents),
  versions: Object.fromEntries(confirmed.table.versions),
});

/** The server's state a store kept. */
export const fromStored = (stored: StoredView): Confirmed => ({
  cv: stored.cv,
  table: DocumentTable.of(
    Object.entries(stored.objects).map(([id, data]) => [
      id,
      { data, version: stored.versions[id] as number },
    ]),
  ),
});
