/**
 * What the change and index-page codecs need from a bucket's document codec besides decoding.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { identity } from 'fp-ts/function';
import * as t from 'io-ts';

/** A guard for decoded documents and an encoder back to their JSON form. */
export interface DocGuardAndEncoder<A> {
  readonly is: (u: unknown) => u is A;
  readonly encode: (a: A) => unknown;
}

/**
 * The guard and encoder of `doc` when it is an io-ts `Type`. A bare `Decoder` has neither: the
 * guard then decodes (right for decoders whose output is a valid input, such as plain shapes)
 * and the encoder is the identity. Codecs built from a bare decoder are typed as decoders only,
 * so callers never rely on these stand-ins.
 */
export const docGuardAndEncoder = <A>(doc: t.Decoder<unknown, A>): DocGuardAndEncoder<A> =>
  doc instanceof t.Type
    ? {
        is: (u): u is A => (doc as t.Type<A, unknown, unknown>).is(u),
        encode: (a) => (doc as t.Type<A, unknown, unknown>).encode(a),
      }
    : { is: (u): u is A => E.isRight(doc.decode(u)), encode: identity };
