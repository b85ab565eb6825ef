/**
 * Hand-checking the fields of a wire record: each field is tried with its type's guard, which
 * builds nothing, and only a field that fails is validated again for io-ts's detailed errors,
 * with the field's key and type in their context. A well-formed answer is read at the cost of a
 * few type tests; a malformed one is reported in io-ts's format, as if decoded by `t.type`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import * as E from '../either.js';

/** A field: its key, its type (with a guard), and whether it may be absent. */
export type Field = readonly [
  key: string,
  type: t.Decoder<unknown, unknown> & { readonly is: (u: unknown) => boolean },
  optional?: boolean,
];

/**
 * The failures of `record`'s fields, none when every one passes. `c` gives the record's context,
 * called only when a field fails.
 */
export const fieldErrors = (
  c: () => t.Context,
  record: Readonly<Record<string, unknown>>,
  fields: ReadonlyArray<Field>,
): t.ValidationError[] => {
  const errors: t.ValidationError[] = [];
  for (const [key, type, optional] of fields) {
    const value = record[key];
    if ((optional && value === undefined) || type.is(value)) continue;
    const result = type.validate(value, t.appendContext(c(), key, type, value));
    if (E.isLeft(result)) errors.push(...result.left);
  }
  return errors;
};

/** The values of `fields` that `record` defines, under their keys (a copy of just those). */
export const pick = (
  record: Readonly<Record<string, unknown>>,
  fields: ReadonlyArray<Field>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key] of fields) if (record[key] !== undefined) out[key] = record[key];
  return out;
};
