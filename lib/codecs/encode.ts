/**
 * Documents on the way out: what a write sends is the codec's wire form of its data, so a codec
 * whose wire form differs from its values (dates as ISO strings, say) round-trips.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';

/** The per-field codecs of an io-ts object codec (`type`, `partial`, or `exact` of one). */
const fieldCodecs = (codec: unknown): Record<string, t.Encoder<unknown, unknown>> | undefined => {
  const c = codec as {
    props?: Record<string, t.Encoder<unknown, unknown>>;
    type?: { props?: never };
  };
  return c.props ?? c.type?.props;
};

/**
 * The wire form of `data` by `codec`: the codec's `encode` of a whole document (`whole`), or, for
 * the keys of a merge, each key's codec's `encode` when the codec is an io-ts object codec
 * (`type`, `partial`, or `exact` of one). Data passes as it is when the codec has no encoder (a
 * bare decoder); the keys of a merge whose codec is another kind pass as they are too.
 *
 * @param codec the bucket's codec
 * @param data the document, or the keys to merge
 * @param whole whether `data` is a whole document (a creation, a replace)
 */
export const encodeData = <A>(
  codec: t.Decoder<unknown, A>,
  data: Partial<A>,
  whole: boolean,
): unknown => {
  const encode = (codec as Partial<t.Encoder<A, unknown>>).encode;
  if (typeof encode !== 'function') return data;
  if (whole) return encode.call(codec, data as A);
  const fields = fieldCodecs(codec);
  return fields === undefined
    ? data
    : Object.fromEntries(
        Object.entries(data).map(([key, value]) => [
          key,
          Object.prototype.hasOwnProperty.call(fields, key) ? fields[key]?.encode(value) : value,
        ]),
      );
};
