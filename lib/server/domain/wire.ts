/**
 * Change records as they go on the wire: `{id, o, v?, sv?, ev, cv, ccids, clientid}`, with
 * `v` absent for a deletion and `sv` absent for a creation. The id is the one the reader knows
 * the object by (`{ownerUserId}/{id}` for objects shared with them and in the admin feed).
 *
 * Feeds write each change's JSON text by hand around the diff's stored text (`wireText`), so an
 * answer never parses a stored diff only to serialise it again.
 */
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import type { ChangeRecord, StoredChange } from '../storage/changes';

export interface WireChange {
  readonly id: string;
  readonly o: 'M' | '-';
  readonly v?: ObjectDiff;
  readonly sv?: number;
  readonly ev: number;
  readonly cv: string;
  readonly ccids: ReadonlyArray<string>;
  readonly clientid: string;
  /** Latest data of the object (admin feed with `data=1`). */
  readonly d?: JsonObject;
  /** The author's username (admin feed with `username=1`). */
  readonly username?: string;
}

/** The wire form of `change` under the id `id`. */
export const toWire = (change: ChangeRecord, id: string): WireChange => ({
  id,
  o: change.op,
  ...(change.diff === null ? {} : { v: change.diff }),
  ...(change.sv === null ? {} : { sv: change.sv }),
  ev: change.ev,
  cv: change.cv,
  ccids: change.ccid === null ? [] : [change.ccid],
  clientid: change.clientid,
});

/** What the admin feed may add to a change: the object's data (as JSON text), the author's name. */
export interface WireExtras {
  readonly dataText?: string | null;
  readonly username?: string;
}

/**
 * The JSON text of `change` under the id `id`: the same text `JSON.stringify` gives for
 * `{...toWire(change, id), d?, username?}`, with the stored diff and data texts put in as they
 * are.
 */
export const wireText = (change: StoredChange, id: string, extras: WireExtras = {}): string => {
  const parts = [`{"id":${JSON.stringify(id)},"o":"${change.op}"`];
  if (change.diffText !== null) parts.push(`,"v":${change.diffText}`);
  if (change.sv !== null) parts.push(`,"sv":${change.sv}`);
  parts.push(`,"ev":${change.ev},"cv":"${change.cv}"`);
  parts.push(`,"ccids":${change.ccid === null ? '[]' : `[${JSON.stringify(change.ccid)}]`}`);
  parts.push(`,"clientid":${JSON.stringify(change.clientid)}`);
  if (extras.dataText !== undefined && extras.dataText !== null) {
    parts.push(`,"d":${extras.dataText}`);
  }
  if (extras.username !== undefined) parts.push(`,"username":${JSON.stringify(extras.username)}`);
  parts.push('}');
  return parts.join('');
};

/** Keeps only the newest (last) change of each id, in their original order. */
export const mostRecentOnly = <A extends { readonly id: string }>(
  changes: ReadonlyArray<A>,
): A[] => {
  const last = new Map<string, number>();
  changes.forEach((change, i) => last.set(change.id, i));
  return changes.filter((change, i) => last.get(change.id) === i);
};
