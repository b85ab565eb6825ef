/**
 * A bare io-ts `Decoder` from a name and a `validate` function: what the streams need to read an
 * answer, without the guard and encoder a full `t.Type` carries (the public codecs add those).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';

export const decoder = <A>(
  name: string,
  validate: (u: unknown, c: t.Context) => t.Validation<A>,
): t.Decoder<unknown, A> => {
  const self: t.Decoder<unknown, A> = {
    name,
    validate,
    // as io-ts's `Type.decode`: the root of the context is the value itself
    decode: (u) =>
      validate(u, [{ key: '', type: self as t.Decoder<unknown, A> & t.Any, actual: u }]),
  };
  return self;
};
