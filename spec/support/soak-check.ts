/**
 * The soak run's verdicts, as pure functions: what the writers did and what the consumers saw,
 * compared with what the server recorded. Each function counts problems; zero everywhere means
 * nothing was lost, repeated, reordered or corrupted.
 */
import type { JsonValue } from '../../lib';

/** One write of the soak: `{ [key]: value }` merged into `objectId`, sent with `ccid`. */
export interface WriteRecord {
  readonly ccid: string;
  readonly objectId: string;
  readonly key: string;
  readonly value: string;
  /** The client got a success for it (after its retries). */
  readonly acknowledged: boolean;
}

/** What the server's change log says of one change: its cursor and the ccids it carries. */
export interface LoggedChange {
  readonly cv: string;
  readonly ccids: ReadonlyArray<string>;
}

/** Problems found by a comparison. */
export interface Tally {
  /** Expected but missing: an acknowledged write, or a change a consumer never saw. */
  readonly lost: number;
  /** Seen more often than the server recorded it: twice, or never recorded at all. */
  readonly duplicated: number;
  /** Seen for the first time after a change the server recorded later. */
  readonly outOfOrder: number;
}

/** The ccids that appear in `log`, with how many changes carry each. */
export const ccidCounts = (log: ReadonlyArray<LoggedChange>): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const change of log) {
    for (const ccid of change.ccids) counts.set(ccid, (counts.get(ccid) ?? 0) + 1);
  }
  return counts;
};

/**
 * The writes against the server's change log. Lost: an acknowledged write whose ccid no change
 * carries. Duplicated: every change beyond the first that carries a write's ccid (a retried
 * write applied twice), and every change that carries no write's ccid at all.
 */
export const checkWrites = (
  writes: ReadonlyArray<WriteRecord>,
  log: ReadonlyArray<LoggedChange>,
): Tally => {
  const counts = ccidCounts(log);
  const ours = new Set(writes.map((w) => w.ccid));
  let lost = 0;
  let duplicated = 0;
  for (const write of writes) {
    const applied = counts.get(write.ccid) ?? 0;
    if (write.acknowledged && applied === 0) lost += 1;
    duplicated += Math.max(0, applied - 1);
  }
  duplicated += log.filter((c) => !c.ccids.some((ccid) => ours.has(ccid))).length;
  return { lost, duplicated, outOfOrder: 0 };
};

/**
 * A consumer's sequence of cursors against the server's (`truth`, in cv order). Lost: a cursor
 * of `truth` never seen. Duplicated: a cursor seen again, or one `truth` does not hold.
 * Out of order: a cursor seen for the first time after one that comes later in `truth`.
 */
export const checkFeed = (seen: ReadonlyArray<string>, truth: ReadonlyArray<string>): Tally => {
  const position = new Map(truth.map((cv, i) => [cv, i]));
  const times = new Set<string>();
  let duplicated = 0;
  let outOfOrder = 0;
  let furthest = -1;
  for (const cv of seen) {
    const at = position.get(cv);
    if (times.has(cv) || at === undefined) {
      duplicated += 1;
    } else if (at < furthest) {
      outOfOrder += 1;
    } else {
      furthest = at;
    }
    times.add(cv);
  }
  const lost = truth.filter((cv) => !times.has(cv)).length;
  return { lost, duplicated, outOfOrder };
};

/**
 * What each object must hold at the end: for every key, the value of the last write to it (in
 * the order its writer sent them) that the server applied. A write counts as applied when its
 * ccid is in `applied`, acknowledged or not: a write whose answer was lost may still have landed.
 */
export const expectedData = (
  writes: ReadonlyArray<WriteRecord>,
  applied: ReadonlySet<string>,
): Map<string, Record<string, string>> => {
  const expected = new Map<string, Record<string, string>>();
  for (const write of writes) {
    if (!applied.has(write.ccid)) continue;
    const data = expected.get(write.objectId) ?? {};
    data[write.key] = write.value;
    expected.set(write.objectId, data);
  }
  return expected;
};

/**
 * Counts the keys whose value on the server differs from the expected one, plus the keys and
 * objects the server holds that no write explains.
 */
export const countDataMismatches = (
  expected: ReadonlyMap<string, Record<string, string>>,
  actual: ReadonlyMap<string, Readonly<Record<string, JsonValue>>>,
): number => {
  let mismatches = 0;
  for (const [id, data] of expected) {
    const held = actual.get(id) ?? {};
    const keys = new Set([...Object.keys(data), ...Object.keys(held)]);
    for (const key of keys) if (held[key] !== data[key]) mismatches += 1;
  }
  for (const [id, held] of actual) {
    if (!expected.has(id)) mismatches += Math.max(1, Object.keys(held).length);
  }
  return mismatches;
};

/** Sums tallies field by field. */
export const addTallies = (...tallies: ReadonlyArray<Tally>): Tally => ({
  lost: tallies.reduce((n, t) => n + t.lost, 0),
  duplicated: tallies.reduce((n, t) => n + t.duplicated, 0),
  outOfOrder: tallies.reduce((n, t) => n + t.outOfOrder, 0),
});
