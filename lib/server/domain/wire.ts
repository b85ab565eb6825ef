/**
 * Change records as they go on the wire: `{id, o, v?, sv?, ev, cv, ccids, clientid}`, with
 * `v` absent for a deletion and `sv` absent for a creation. The id is the one the reader knows
 * the object by (`{ownerUserId}/{id}` for objects shared with them and in the admin feed).
 */
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import type { ChangeRecord } from '../storage/changes';

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

/** Keeps only the newest (last) change of each id, in their original order. */
export const mostRecentOnly = <A extends { readonly id: string }>(
  changes: ReadonlyArray<A>,
): A[] => {
  const last = new Map<string, number>();
  changes.forEach((change, i) => last.set(change.id, i));
  return changes.filter((change, i) => last.get(change.id) === i);
};
