/**
 * Rebasing one list diff over another (`L` against `L`; docs/jsondiff.md, "Lists over lists").
 *
 * The reference implementations shift indexes by counting the other side's inserts and
 * deletes, which goes wrong as soon as both sides insert at the same place (docs/jsondiff.md,
 * "Defects of other ports avoided here", item 3).
 * Here both diffs are first read as edits of the common base list (which base items each
 * removes or changes, what each inserts before which base item), then merged position by
 * position and written back as one list diff over the remote result.
 */
import { applyOperation } from './apply.js';
import { at, JsonDiffError } from './errors.js';
import { setOwn } from './guards.js';
import { listEntries } from './operation.js';
import type { JsonArray, JsonValue, ListDiff, Operation } from './types.js';

type Path = ReadonlyArray<string>;

/** Rebases one item's operation over another's; `undefined` drops it. */
export type ItemTransform = (
  mine: Operation,
  theirs: Operation,
  value: JsonValue,
  path: Path,
) => Operation | undefined;

/** A list diff read against its base list. */
interface ListEdit {
  readonly removed: ReadonlySet<number>;
  readonly changed: ReadonlyMap<number, Operation>;
  /** `inserted[g]`: the values inserted before base item `g` (`g = length`: at the end). */
  readonly inserted: ReadonlyArray<ReadonlyArray<JsonValue>>;
}

type Slot = { base: number; removed: boolean } | { value: JsonValue };

const outOfRange = (path: Path, op: Operation, index: number, length: number): JsonDiffError =>
  new JsonDiffError(
    'bad-target',
    `cannot apply at ${at(path)}: '${op.o}' at index ${index} of a list of ${length}`,
  );

/** Replays the diff as `apply` would, on slots that remember which base item they hold. */
const readListEdit = (d: ListDiff, base: JsonArray, path: Path): ListEdit => {
  const slots: Slot[] = base.map((_, i) => ({ base: i, removed: false }));
  const changed = new Map<number, Operation>();
  let removedSoFar = 0;
  for (const [index, op] of listEntries(d, path)) {
    const itemPath = [...path, String(index)];
    const i = index - removedSoFar;
    const live = slots.flatMap((slot, p) => ('value' in slot || !slot.removed ? [p] : []));
    if (i > live.length || (op.o !== '+' && i === live.length)) {
      throw outOfRange(itemPath, op, i, live.length);
    }
    const position = live[i] ?? slots.length;
    const slot = slots[position];
    if (op.o === '+') {
      slots.splice(position, 0, { value: op.v });
    } else if (slot === undefined || 'value' in slot) {
      // Not reached: any later operation of the same diff lands past an item it inserted.
      throw outOfRange(itemPath, op, i, live.length);
    } else if (op.o === '-') {
      slot.removed = true;
      removedSoFar++;
    } else {
      changed.set(slot.base, op);
    }
  }
  const inserted: JsonValue[][] = base.map(() => []);
  inserted.push([]);
  let gap = 0;
  for (const slot of slots) {
    if ('value' in slot) inserted[gap]?.push(slot.value);
    else gap = slot.base + 1;
  }
  const removed = new Set(
    slots.flatMap((slot) => ('base' in slot && slot.removed ? [slot.base] : [])),
  );
  return { removed, changed, inserted };
};

/**
 * The list diff that, applied after `theirs`, makes the changes `mine` made to `base`:
 * - at each place both inserted, local items come first;
 * - an item both removed stays removed; one removed locally is removed even if changed remotely;
 * - an item removed remotely but changed locally comes back with the local change applied;
 * - an item both changed gets `transformItem`'s operation.
 *
 * @throws JsonDiffError when either diff does not fit `base`.
 */
export const transformList = (
  mine: ListDiff,
  theirs: ListDiff,
  base: JsonArray,
  path: Path,
  transformItem: ItemTransform,
): ListDiff => {
  const local = readListEdit(mine, base, path);
  const remote = readListEdit(theirs, base, path);
  const out: Record<string, Operation> = {};
  // Apply semantics: key = position in the result so far + removals emitted so far.
  let position = 0;
  let removed = 0;
  const emit = (op: Operation): void => setOwn(out, String(position + removed), op);
  base.forEach((item, g) => {
    const itemPath = [...path, String(g)];
    for (const v of local.inserted[g] ?? []) {
      emit({ o: '+', v });
      position++;
    }
    position += remote.inserted[g]?.length ?? 0;
    const op = local.changed.get(g);
    if (remote.removed.has(g)) {
      if (op !== undefined && !local.removed.has(g)) {
        emit({ o: '+', v: applyOperation(item, op, itemPath) });
        position++;
      }
    } else if (local.removed.has(g)) {
      emit({ o: '-' });
      removed++;
    } else {
      const theirOp = remote.changed.get(g);
      const rebased = op && theirOp ? transformItem(op, theirOp, item, itemPath) : op;
      if (rebased !== undefined) emit(rebased);
      position++;
    }
  });
  for (const v of local.inserted[base.length] ?? []) {
    emit({ o: '+', v });
    position++;
  }
  return out;
};
