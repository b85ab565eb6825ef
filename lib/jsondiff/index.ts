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
} from './types';

/* Diffs */
export { diff } from './diff';
export { apply } from './apply';
export { transform, transformAll } from './transform';

/* Strings */
export { diffText, applyText } from './text';

/* Values */
export { deepEqual } from './equal';
export { isJsonObject } from './guards';

/* Errors */
export { JsonDiffError } from './errors';
