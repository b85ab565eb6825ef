/**
 * Reading a change object, `{id, o: 'M' | '-', v?, sv?, ccid?, d?}`, into the requests it makes of
 * `applyChange` (see `change-item.ts` for how they are tried and answered).
 */
import { isRecord } from '../../jsondiff/guards';
import type { JsonObject, ObjectDiff } from '../../jsondiff/types';
import type { ChangeRequest } from './apply-change';

/** Why a change object is malformed (a 400). */
export class InvalidChange extends Error {}

const invalid = (why: string): never => {
  throw new InvalidChange(why);
};

const optional = <A>(item: JsonObject, key: string, read: (u: unknown) => A): A | undefined =>
  Object.prototype.hasOwnProperty.call(item, key) ? read(item[key]) : undefined;

const ccidOf = (u: unknown): string =>
  typeof u === 'string' && u !== '' && u.length <= 256 ? u : invalid('ccid');

const versionOf = (u: unknown): number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? u : invalid('sv');

const recordOf = (u: unknown): JsonObject => (isRecord(u) ? (u as JsonObject) : invalid('d'));

/** `d` as the object's data and the version it was made against. */
const fullObject = (
  d: JsonObject,
  sv: number | undefined,
  unwrapGhost: boolean,
): { readonly data: JsonObject; readonly version: number | undefined } => {
  const { data, version } = d;
  const ghost =
    unwrapGhost &&
    Object.keys(d).length === 2 &&
    isRecord(data) &&
    typeof version === 'number' &&
    Number.isSafeInteger(version) &&
    version >= 0;
  return ghost ? { data: data as JsonObject, version } : { data: d, version: sv };
};

/**
 * The requests a change object makes, in the order to try them: the diff (or the deletion), then,
 * when `d` is present, `d` set from `sv` (or from the version of node-simperium's `{version,
 * data}` ghost, with `unwrapGhost`, when `v` is there too), then `d` set on the current version. Throws `InvalidChange`
 * for a malformed change object.
 */
export const readChange = (
  item: JsonObject,
  clientid: string,
  unwrapGhost: boolean,
): ChangeRequest[] => {
  const ccid = optional(item, 'ccid', ccidOf);
  const baseVersion = optional(item, 'sv', versionOf);
  const base = { ccid, clientid };
  if (item['o'] === '-') return [{ ...base, edit: { kind: 'delete' }, baseVersion }];
  if (item['o'] !== 'M') return invalid('o');
  const v = optional(item, 'v', (u) => (isRecord(u) ? (u as ObjectDiff) : invalid('v')));
  const d = optional(item, 'd', recordOf);
  const requests: ChangeRequest[] = [];
  if (v !== undefined || d === undefined) {
    requests.push({ ...base, edit: { kind: 'diff', diff: v ?? {} }, baseVersion });
  }
  if (d !== undefined) {
    // node-simperium's ghost only ever comes beside the change's own diff: a `d` alone is the
    // object, whatever its keys.
    const full = fullObject(d, baseVersion, unwrapGhost && v !== undefined);
    const edit = { kind: 'replace', data: full.data } as const;
    if (full.version !== undefined) requests.push({ ...base, edit, baseVersion: full.version });
    requests.push({ ...base, edit });
  }
  return requests;
};
