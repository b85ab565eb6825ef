/**
 * A bare io-ts `Decoder` from a name and a `validate` function: what the streams need to read an
 * answer, without the guard and encoder a full `t.Type` carries (the public codecs add those).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';

/**
 * The decoder named `name` that validates with `validate`. Given `fast`, `decode` tries it first:
 * what it returns (not `undefined`) is the decoded value, read without building a context; on
 * `undefined`, `validate` decides, with the context io-ts would build. `fast` must return
 * `undefined` for every value `validate` refuses, and for the others either `undefined` or the
 * value `validate` would give.
 */
export const decoder = <A>(
  name: string,
  validate: (u: unknown, c: t.Context) => t.Validation<A>,
  fast?: (u: unknown) => A | undefined,
): t.Decoder<unknown, A> => {
  const self: t.Decoder<unknown, A> = {
    name,
    validate,
    // as io-ts's `Type.decode`: the root of the context is the value itself
    decode: (u) => {
      const a = fast?.(u);
      return a !== undefined
        ? { _tag: 'Right', right: a }
        : validate(u, [{ key: '', type: self as t.Decoder<unknown, A> & t.Any, actual: u }]);
    },
  };
  return self;
};
