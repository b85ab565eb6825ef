/**
 * The change object the `changes` and `all` feeds send, one per recorded change. Fields keep their
 * wire names, so a caller can store `cv` as it is and compare `ccids` with its own:
 *
 * | field      | meaning                                                                          |
 * |------------|----------------------------------------------------------------------------------|
 * | `id`       | object id (`<userid>/<id>` in `all` and for shared objects)                       |
 * | `cv`       | the bucket's change version: the cursor to resume the feed after this change      |
 * | `o`        | `M` modify or create, `-` delete; other codes (`EMPTY`, `DROP`) pass through      |
 * | `v`        | for `M`: the jsondiff object diff from version `sv` to version `ev`               |
 * | `sv`       | the version the diff applies to; absent when the change created the object       |
 * | `ev`       | the object's version after the change                                            |
 * | `ccids`    | the client change ids merged into this change (a lone `ccid` is read as `[ccid]`)  |
 * | `clientid` | the client that made the change                                                  |
 * | `username` | the author (`all` with `username`)                                               |
 * | `d`        | the object's latest data, decoded with the document codec (`all` with `data`)    |
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { docGuardAndEncoder } from './doc-guard';
import { ObjectDiff } from './object-diff';
import { NonEmptyString, Version } from './primitives';

/** A change's operation code: `M` and `-` are the common ones. */
export type ChangeOperation = 'M' | '-' | (string & Record<never, never>);

export interface Change<A> {
  readonly id: string;
  readonly cv: string;
  readonly o: ChangeOperation;
  readonly v?: ObjectDiff;
  readonly sv?: number;
  readonly ev?: number;
  readonly ccids?: ReadonlyArray<string>;
  readonly clientid?: string;
  readonly username?: string;
  readonly d?: A;
}

const Wire = t.intersection([
  t.type({ id: NonEmptyString, cv: NonEmptyString, o: NonEmptyString }),
  t.partial({
    v: ObjectDiff,
    sv: Version,
    ev: Version,
    ccids: t.array(t.string),
    ccid: t.string,
    clientid: t.string,
    username: t.string,
    d: t.unknown,
  }),
]);
type Wire = t.TypeOf<typeof Wire>;

/**
 * The codec of one change whose `d`, when present, is decoded by `doc`. A `d` of `null` (the
 * latest data of a deleted object) is read as absent. Unknown fields are dropped. Decoding never
 * throws: any other shape is a failure naming the offending field.
 *
 * Given an io-ts `Type`, returns a `Type` (with a guard and an encoder that encodes `d` with
 * `doc`); given a bare `Decoder`, returns a `Decoder`.
 *
 * @param doc the codec of the bucket's documents
 */
export function changeCodec<A, O>(doc: t.Type<A, O, unknown>): t.Type<Change<A>, unknown, unknown>;
export function changeCodec<A>(doc: t.Decoder<unknown, A>): t.Decoder<unknown, Change<A>>;
export function changeCodec<A>(doc: t.Decoder<unknown, A>): t.Type<Change<A>, unknown, unknown> {
  const { is: isDoc, encode: encodeDoc } = docGuardAndEncoder(doc);
  const validate = (u: unknown, c: t.Context): t.Validation<Change<A>> =>
    E.chain((w: Wire) => {
      const ccids = w.ccids ?? (w.ccid === undefined ? undefined : [w.ccid]);
      const change: Change<A> = {
        id: w.id,
        cv: w.cv,
        o: w.o,
        ...(w.v === undefined ? {} : { v: w.v }),
        ...(w.sv === undefined ? {} : { sv: w.sv }),
        ...(w.ev === undefined ? {} : { ev: w.ev }),
        ...(ccids === undefined ? {} : { ccids }),
        ...(w.clientid === undefined ? {} : { clientid: w.clientid }),
        ...(w.username === undefined ? {} : { username: w.username }),
      };
      if (w.d === undefined || w.d === null) return t.success(change);
      return E.map((d: A) => ({ ...change, d }))(
        doc.validate(w.d, t.appendContext(c, 'd', doc, w.d)),
      );
    })(Wire.validate(u, c));
  return new t.Type<Change<A>, unknown, unknown>(
    `Change<${doc.name}>`,
    (u): u is Change<A> => {
      const c = u as Partial<Record<keyof Change<A>, unknown>>;
      const optional = (v: unknown, is: (v: unknown) => boolean): boolean =>
        v === undefined || is(v);
      const isString = (v: unknown): boolean => typeof v === 'string';
      return (
        typeof u === 'object' &&
        u !== null &&
        [c.id, c.cv, c.o].every(isString) &&
        optional(c.v, ObjectDiff.is) &&
        optional(c.sv, Version.is) &&
        optional(c.ev, Version.is) &&
        optional(c.ccids, (v) => Array.isArray(v) && v.every(isString)) &&
        optional(c.clientid, isString) &&
        optional(c.username, isString) &&
        optional(c.d, isDoc)
      );
    },
    validate,
    ({ d, ...change }) => (d === undefined ? change : { ...change, d: encodeDoc(d) }),
  );
}
