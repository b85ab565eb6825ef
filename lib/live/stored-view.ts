/**
 * Checking what a store hands back before a view trusts it: a file edited by hand, an older
 * format or a half-written record must not become a view's state.
 *
 * @since 0.1.0
 */
import { isRecord } from '../jsondiff/guards.js';
import type { StoredView } from './types.js';

/** Whether `u` has the shape of a stored view: a cursor, and documents and versions by id. */
export const isStoredView = (u: unknown): u is StoredView => {
  if (!isRecord(u) || typeof u.cv !== 'string' || u.cv === '') return false;
  const { objects, versions } = u;
  if (!isRecord(objects) || !isRecord(versions)) return false;
  for (const id of Object.keys(objects)) {
    const version = versions[id];
    if (!isRecord(objects[id]) || typeof version !== 'number' || !Number.isSafeInteger(version)) {
      return false;
    }
  }
  return Object.keys(versions).length === Object.keys(objects).length;
};
