/**
 * Simperium's jsondiff: the change format (`v` of a change), shared by the local server and
 * the client. See `types.ts` for the operation table.
 *
 * @since 0.1.0
 */

/* Types */
export type {
  JsonValue,
  JsonObject,
  JsonArray,
  JsonPrimitive,
  Operation,
  ObjectDiff,
  ListDiff,
  Policy,
} from './types.js';

/* Diffs */
export { diff } from './diff.js';
export { apply } from './apply.js';
export { transform, transformAll } from './transform.js';

/* Strings */
export { diffText, applyText } from './text.js';

/* Values */
export { deepEqual } from './equal.js';
export { isJsonObject } from './guards.js';

/* Errors */
export { JsonDiffError } from './errors.js';
