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
import * as E from '../either.js';
import * as t from 'io-ts';
import { decoder } from './decoder.js';
import { docGuardAndEncoder } from './doc-guard.js';
import { fieldErrors, pick, type Field } from './fields.js';
import { hasOwn, isRecord } from '../jsondiff/guards.js';
import { ObjectDiff, ParsedObjectDiff } from './object-diff.js';
import { NonEmptyString, Version } from './primitives.js';

/** A change's operation code: `M` and `-` are the common ones. */
export type ChangeOperation = 'M' | '-' | (string & Record<never, never>);

/**
 * One change of a bucket, as `changes$` and `all$` emit it (decoded by {@link changeCodec}). The
 * fields keep their wire names, so a caller can store `cv` as it is and compare `ccids` with its
 * own. `id`, `cv` and `o` are non-empty strings; `sv` and `ev` are whole numbers from 0; unknown
 * fields are dropped.
 *
 * @typeParam A the bucket's document type, which `d` holds
 */
export interface Change<A> {
  /** The object id: `{ownerUserId}/{id}` in `all$` and for objects shared with this user. */
  readonly id: string;
  /** The bucket's change version: the cursor to resume the feed after this change. */
  readonly cv: string;
  /** `M` modify or create, `-` delete; other codes (`EMPTY`, `DROP`) pass through as strings. */
  readonly o: ChangeOperation;
  /** For `M`: the jsondiff object diff from version `sv` to version `ev`. */
  readonly v?: ObjectDiff;
  /** The version the diff applies to; absent when the change created the object. */
  readonly sv?: number;
  /** The object's version after the change. */
  readonly ev?: number;
  /** The client change ids merged into this change (a lone wire `ccid` is read as `[ccid]`). */
  readonly ccids?: ReadonlyArray<string>;
  /** The client that made the change. */
  readonly clientid?: string;
  /** The author's username (`all$` with `withUsernames: true`). */
  readonly username?: string;
  /**
   * The object's latest data (not its data at this change), decoded with the bucket's codec
   * (`all$` with `data: true`); a `null` on the wire is read as absent.
   */
  readonly d?: A;
}

/** The fields a change keeps, as they are on the wire, its diff checked by `diff`. */
const fields = (diff: Field[1]): ReadonlyArray<Field> => [
  ['id', NonEmptyString],
  ['cv', NonEmptyString],
  ['o', NonEmptyString],
  ['v', diff, true],
  ['sv', Version, true],
  ['ev', Version, true],
  ['ccids', t.array(t.string), true],
  ['ccid', t.string, true],
  ['clientid', t.string, true],
  ['username', t.string, true],
];

/**
 * Reads one wire change with `fields`, its `d` decoded by `doc`: checked field by field with
 * guards (see `fields.ts`), so a well-formed change costs a few type tests.
 */
const validateChange =
  <A>(doc: t.Decoder<unknown, A>, FIELDS: ReadonlyArray<Field>) =>
  (u: unknown, c: t.Context): t.Validation<Change<A>> => {
    if (!isRecord(u)) return t.failure(u, c);
    const errors = fieldErrors(() => c, u, FIELDS);
    const d =
      u.d === undefined || u.d === null
        ? undefined
        : doc.validate(u.d, t.appendContext(c, 'd', doc, u.d));
    if (d !== undefined && E.isLeft(d)) errors.push(...d.left);
    if (errors.length > 0) return t.failures(errors);
    // a lone `ccid`, which older servers send instead of `ccids`, is read as `[ccid]`
    const { ccid, ...change } = pick(u, FIELDS);
    if (change.ccids === undefined && ccid !== undefined) change.ccids = [ccid];
    if (d !== undefined) change.d = (d as E.Right<A>).right;
    return t.success(change as unknown as Change<A>);
  };

/**
 * The context a document is first decoded in by {@link readParsedChange}: its success does not
 * depend on the context, and a failure is decoded again with the full one, so one shared root
 * stands for every document (`actual` is optional in io-ts's contexts).
 */
const rootOf = (doc: t.Decoder<unknown, unknown>): t.Context => [{ key: '', type: doc }];

/**
 * A change straight from `JSON.parse` read at the cost of its type tests: `u` itself when it is a
 * well-formed change holding only the fields a change keeps (its `d`, when present, decoding
 * into itself), a copy with the decoded `d` when the codec makes another object of it, and
 * `undefined` for anything else (malformed, a lone `ccid`, `d: null`, unknown fields), which
 * {@link validateChange} then reads as the contract says.
 */
const readParsedChange = <A>(
  u: unknown,
  doc: t.Decoder<unknown, A>,
  root: t.Context,
): Change<A> | undefined => {
  if (!isRecord(u)) return undefined;
  let known = 0;
  for (let i = 0; i < PARSED_FIELDS.length; i += 1) {
    const field = PARSED_FIELDS[i] as Field;
    const value = u[field[0]];
    if (value === undefined) {
      if (field[2] === true) continue;
      return undefined;
    }
    if (field[0] === 'ccid' || !field[1].is(value)) return undefined;
    known += 1;
  }
  const d = u.d;
  let data: A | undefined;
  if (d !== undefined) {
    if (d === null) return undefined;
    const decoded = doc.validate(d, root);
    if (E.isLeft(decoded)) return undefined;
    data = decoded.right;
    known += 1;
  }
  let keys = 0;
  for (const key in u) if (hasOwn(u, key)) keys += 1;
  if (keys !== known) return undefined;
  return (data === undefined || data === d ? u : { ...u, d: data }) as unknown as Change<A>;
};

/** The fields of a change from a parsed answer. */
const PARSED_FIELDS = fields(ParsedObjectDiff);

/**
 * The decoder of one change whose `d`, when present, is decoded by `doc`: what the feeds use, on
 * values straight from `JSON.parse` only, whose diffs hold JSON by construction (see
 * {@link changeCodec} for the rules). A well-formed change with no field to drop or rename is
 * decoded as itself, no copy made.
 *
 * @param doc the codec of the bucket's documents
 */
export const changeDecoder = <A>(doc: t.Decoder<unknown, A>): t.Decoder<unknown, Change<A>> => {
  const root = rootOf(doc);
  return decoder(`Change<${doc.name}>`, validateChange(doc, PARSED_FIELDS), (u) =>
    readParsedChange(u, doc, root),
  );
};

/**
 * The codec of one change whose `d`, when present, is decoded by `doc`. A `d` of `null` (the
 * latest data of a deleted object) is read as absent. Unknown fields are dropped. Decoding never
 * throws: any other shape is a failure naming the offending field.
 *
 * Given an io-ts `Type`, returns a `Type` (with a guard and an encoder that encodes `d` with
 * `doc`); given a bare `Decoder`, returns a `Decoder`.
 *
 * ## Example
 *
 * ```ts
 * import * as t from 'io-ts';
 * import { PathReporter } from 'io-ts/lib/PathReporter.js';
 * import { changeCodec } from 'simperium-rx';
 *
 * const Todo = t.type({ text: t.string, done: t.boolean });
 * const result = changeCodec(Todo).decode({ id: 'a', cv: '1', o: 'M', ev: 1 });
 * console.log(PathReporter.report(result));
 * ```
 *
 * @param doc the codec of the bucket's documents
 */
export function changeCodec<A, O>(doc: t.Type<A, O, unknown>): t.Type<Change<A>, unknown, unknown>;
export function changeCodec<A>(doc: t.Decoder<unknown, A>): t.Decoder<unknown, Change<A>>;
export function changeCodec<A>(doc: t.Decoder<unknown, A>): t.Type<Change<A>, unknown, unknown> {
  const { is: isDoc, encode: encodeDoc } = docGuardAndEncoder(doc);
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
    validateChange(doc, fields(ObjectDiff)),
    ({ d, ...change }) => (d === undefined ? change : { ...change, d: encodeDoc(d) }),
  );
}
