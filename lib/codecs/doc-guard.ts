/**
 * What the change and index-page codecs need from a bucket's document codec besides decoding.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import * as E from '../either.js';

/** A guard for decoded documents and an encoder back to their JSON form. */
export interface DocGuardAndEncoder<A> {
  readonly is: (u: unknown) => u is A;
  readonly encode: (a: A) => unknown;
}

/** Whether `doc` is an io-ts `Type` (it has a guard and an encoder), from whichever copy of io-ts. */
const isType = <A>(doc: t.Decoder<unknown, A>): doc is t.Type<A, unknown, unknown> =>
  typeof (doc as Partial<t.Type<A>>).is === 'function' &&
  typeof (doc as Partial<t.Type<A>>).encode === 'function';

/**
 * The guard and encoder of `doc` when it is an io-ts `Type`. A bare `Decoder` has neither: the
 * guard then decodes (right for decoders whose output is a valid input, such as plain shapes)
 * and the encoder is the identity. Codecs built from a bare decoder are typed as decoders only,
 * so callers never rely on these stand-ins.
 */
export const docGuardAndEncoder = <A>(doc: t.Decoder<unknown, A>): DocGuardAndEncoder<A> =>
  isType(doc)
    ? { is: (u): u is A => doc.is(u), encode: (a) => doc.encode(a) }
    : { is: (u): u is A => E.isRight(doc.decode(u)), encode: (a) => a };
