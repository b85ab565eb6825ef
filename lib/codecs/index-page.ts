/**
 * One page of a bucket's index. The wire shape `{ current, index: [{ id, v, d? }], mark?, count? }`
 * is read into readable names:
 *
 * | wire      | decoded   | meaning                                                             |
 * |-----------|-----------|---------------------------------------------------------------------|
 * | `current` | `current` | the bucket's latest `cv` when the page was made: follow `changes`   |
 * |           |           | from it after reading every page, and no change is missed           |
 * | `index`   | `index`   | the entries, most recently modified first                           |
 * | `id`      | `id`      | object id                                                           |
 * | `v`       | `version` | the object's current version                                        |
 * | `d`       | `data`    | the object's data (requested with `data`), decoded by the doc codec |
 * | `mark`    | `mark`    | the cursor of the next page; absent on the last page                |
 * | `count`   | `count`   | the number of objects, when the server sends it                     |
 *
 * @since 0.1.0
 */
import * as E from '../either.js';
import * as t from 'io-ts';
import { decodeError, type DecodeError } from '../errors.js';
import { report, withIdOf, type DecodeContext } from './decode.js';
import { decoder } from './decoder.js';
import { docGuardAndEncoder } from './doc-guard.js';
import { fieldErrors, type Field } from './fields.js';
import { identityGuard, validateDoc, type IdentityGuard } from './identity-guard.js';
import { isRecord } from '../jsondiff/guards.js';
import { NonEmptyString, Version } from './primitives.js';

/**
 * One object of a bucket's index, as `index$` emits it and an {@link IndexPage} lists it. On the
 * wire: `{ id, v, d? }`.
 *
 * @typeParam A the bucket's document type
 */
export interface IndexEntry<A> {
  /** The object id. */
  readonly id: string;
  /** The object's current version (`v` on the wire). */
  readonly version: number;
  /**
   * The object's data (`d` on the wire), decoded with the bucket's codec; only when the index was
   * asked for with `data: true` (a `null` is read as absent).
   */
  readonly data?: A;
}

/** An entry of a page that did not decode: where it stood, and why. */
export interface InvalidIndexEntry {
  /** Its position in the page's `index` on the wire. */
  readonly position: number;
  /** Why; `id` is set when the entry's id could be read. */
  readonly error: DecodeError;
}

/**
 * One page of a bucket's index, as `indexPages$` emits it (decoded by {@link indexPageCodec}):
 * the wire page `{ current, index: [{ id, v, d? }], mark?, count? }` with readable names.
 *
 * @typeParam A the bucket's document type
 */
export interface IndexPage<A> {
  /**
   * The bucket's latest `cv` when the page was made: after reading every page, follow
   * `changes$` from the first page's `current` and no change is missed.
   */
  readonly current: string;
  /** The entries that decoded, most recently modified first. */
  readonly index: ReadonlyArray<IndexEntry<A>>;
  /** The cursor of the next page; absent on the last page (`null` or `""` is read as absent). */
  readonly mark?: string;
  /** The number of objects, when the server sends it (the local server does not). */
  readonly count?: number;
  /**
   * The entries that did not decode (a malformed entry, or data its codec refuses), when there
   * are any. One bad object does not spoil the page: the others are in `index`.
   */
  readonly invalid?: ReadonlyArray<InvalidIndexEntry>;
}

/** Name the contexts of the index and of its entries (a context only reads a type's name). */
const Entries = { name: 'Array<IndexEntry>' } as t.Decoder<unknown, unknown>;
const Entry = { name: 'IndexEntry' } as t.Decoder<unknown, unknown>;
const PAGE: ReadonlyArray<Field> = [
  ['current', NonEmptyString],
  ['index', t.UnknownArray],
  ['mark', t.union([t.string, t.null]), true],
  ['count', t.union([Version, t.null]), true],
];
const ENTRY: ReadonlyArray<Field> = [
  ['id', NonEmptyString],
  ['v', Version],
];

/**
 * A well-formed entry read at the cost of its type tests, its data decoded by `doc` in `root`
 * (one context for every entry: a document's success does not depend on its context); `undefined`
 * for any entry that fails, which is then read again with its full context for the errors.
 */
const readEntry = <A>(
  item: unknown,
  doc: t.Decoder<unknown, A>,
  guard: IdentityGuard | undefined,
  root: t.Context,
): IndexEntry<A> | undefined => {
  if (!isRecord(item)) return undefined;
  const { id, v, d } = item;
  if (!NonEmptyString.is(id) || !Version.is(v)) return undefined;
  if (d === undefined || d === null) return { id, version: v };
  const data = validateDoc(doc, guard, d, root);
  return E.isRight(data) ? { id, version: v, data: data.right } : undefined;
};

/** The entry at `position` of `items` read with every failure reported, in `indexContext`. */
const readEntryFully = <A>(
  doc: t.Decoder<unknown, A>,
  indexContext: t.Context,
  item: unknown,
  position: number,
): E.Either<t.Errors, IndexEntry<A>> => {
  const at = (): t.Context => t.appendContext(indexContext, String(position), Entry, item);
  const w = (isRecord(item) ? item : {}) as { id?: unknown; v?: unknown; d?: unknown };
  const problems = isRecord(item) ? fieldErrors(at, item, ENTRY) : [{ value: item, context: at() }];
  const d =
    w.d === undefined || w.d === null
      ? undefined
      : doc.validate(w.d, t.appendContext(at(), 'd', doc, w.d));
  if (d !== undefined && E.isLeft(d)) problems.push(...d.left);
  if (problems.length > 0) return E.left(problems);
  const entry = { id: w.id as string, version: w.v as number };
  return E.right(d === undefined ? entry : { ...entry, data: (d as E.Right<A>).right });
};

/**
 * Reads one wire page, the entries' data decoded by `doc`, checked field by field with guards
 * (see `fields.ts`). An entry that fails is set aside in `invalid`.
 */
const validatePage =
  <A>(doc: t.Decoder<unknown, A>, req?: DecodeContext) =>
  (u: unknown, c: t.Context): t.Validation<IndexPage<A>> => {
    if (!isRecord(u)) return t.failure(u, c);
    const errors = fieldErrors(() => c, u, PAGE);
    if (errors.length > 0) return t.failures(errors);
    const { current, index: items, mark, count } = u as unknown as WirePage;
    const root: t.Context = [{ key: '', type: doc }];
    const guard = identityGuard(doc);
    const index: IndexEntry<A>[] = [];
    const invalid: InvalidIndexEntry[] = [];
    items.forEach((item, position) => {
      const entry = readEntry(item, doc, guard, root);
      if (entry !== undefined) {
        index.push(entry);
        return;
      }
      const indexContext = t.appendContext(c, 'index', Entries, items);
      const read = readEntryFully(doc, indexContext, item, position);
      if (E.isRight(read)) {
        index.push(read.right);
      } else {
        const problems = read.left;
        const error = decodeError({ messages: report(problems), errors: problems, ...req });
        invalid.push({ position, error: withIdOf(error, item) });
      }
    });
    return t.success({
      current,
      index,
      ...(typeof mark === 'string' && mark.length > 0 ? { mark } : {}),
      ...(typeof count === 'number' ? { count } : {}),
      ...(invalid.length > 0 ? { invalid } : {}),
    });
  };

/** The fields of a wire page, once checked. */
interface WirePage {
  readonly current: string;
  readonly index: ReadonlyArray<unknown>;
  readonly mark?: string | null;
  readonly count?: number | null;
}

/**
 * The decoder of an index page whose entries' data is decoded by `doc`: what the listing uses
 * (see {@link indexPageCodec} for the rules).
 *
 * @param doc the codec of the bucket's documents
 * @param req the request the page answers, recorded in the errors of its invalid entries
 */
export const indexPageDecoder = <A>(
  doc: t.Decoder<unknown, A>,
  req?: DecodeContext,
): t.Decoder<unknown, IndexPage<A>> => decoder(`IndexPage<${doc.name}>`, validatePage(doc, req));

/**
 * The codec of an index page whose entries' data is decoded by `doc`. A `mark` that is `null` or
 * empty means "last page", like an absent one; `null` data and `count` are read as absent.
 * Decoding never throws. A value that is not a page fails; a page some of whose entries fail
 * decodes, with those entries in `invalid` (each with its position and a `DecodeError`).
 *
 * Given an io-ts `Type`, returns a `Type` (whose encoder writes the wire shape back); given a
 * bare `Decoder`, returns a `Decoder`.
 *
 * @param doc the codec of the bucket's documents
 */
export function indexPageCodec<A, O>(
  doc: t.Type<A, O, unknown>,
): t.Type<IndexPage<A>, unknown, unknown>;
export function indexPageCodec<A>(doc: t.Decoder<unknown, A>): t.Decoder<unknown, IndexPage<A>>;
export function indexPageCodec<A>(
  doc: t.Decoder<unknown, A>,
): t.Type<IndexPage<A>, unknown, unknown> {
  const { is: isDoc, encode: encodeDoc } = docGuardAndEncoder(doc);
  return new t.Type<IndexPage<A>, unknown, unknown>(
    `IndexPage<${doc.name}>`,
    (u): u is IndexPage<A> => {
      const p = u as Partial<Record<keyof IndexPage<A>, unknown>>;
      return (
        typeof u === 'object' &&
        u !== null &&
        typeof p.current === 'string' &&
        (p.mark === undefined || typeof p.mark === 'string') &&
        (p.count === undefined || typeof p.count === 'number') &&
        Array.isArray(p.index) &&
        p.index.every(
          (e: Partial<Record<keyof IndexEntry<A>, unknown>> | null) =>
            typeof e === 'object' &&
            e !== null &&
            typeof e.id === 'string' &&
            typeof e.version === 'number' &&
            (e.data === undefined || isDoc(e.data)),
        )
      );
    },
    validatePage(doc),
    (page) => ({
      current: page.current,
      index: page.index.map(({ id, version, data }) =>
        data === undefined ? { id, v: version } : { id, v: version, d: encodeDoc(data) },
      ),
      ...(page.mark === undefined ? {} : { mark: page.mark }),
      ...(page.count === undefined ? {} : { count: page.count }),
    }),
  );
}
