/**
 * Reading schema policies (docs/jsondiff.md, "Schema policies") defensively: a policy may come
 * from a JSON file, so anything that is not shaped like one is ignored rather than trusted.
 */
import { hasOwn, isRecord } from './guards.js';
import type { Policy, PolicyMap, ValuePolicy } from './types.js';

type OType = NonNullable<ValuePolicy['otype']>;
const OTYPES: ReadonlyArray<string> = ['replace', 'list', 'list_dmp', 'integer', 'string'];

/** The operation type a policy asks for, if it names a known one. */
export const otypeOf = (policy: Policy | undefined): OType | undefined => {
  const otype: unknown = isRecord(policy) ? policy['otype'] : undefined;
  return typeof otype === 'string' && OTYPES.includes(otype) ? (otype as OType) : undefined;
};

/**
 * The per-key policies of an object: its `attributes`, or the policy itself when it has none
 * (the bare `{ key: policy }` form).
 */
export const attributesOf = (policy: Policy | undefined): PolicyMap | undefined => {
  if (!isRecord(policy)) return undefined;
  const attributes = policy['attributes'];
  return isRecord(attributes) ? (attributes as PolicyMap) : (policy as PolicyMap);
};

/** The policy of one key of an object. */
export const keyPolicy = (policy: Policy | undefined, key: string): ValuePolicy | undefined => {
  const map = attributesOf(policy);
  const child: unknown = map !== undefined && hasOwn(map, key) ? map[key] : undefined;
  return isRecord(child) ? (child as ValuePolicy) : undefined;
};

/** The policy of every item of a list. */
export const itemPolicy = (policy: Policy | undefined): ValuePolicy | undefined => {
  const item: unknown = isRecord(policy) ? policy['item'] : undefined;
  return isRecord(item) ? (item as ValuePolicy) : undefined;
};
