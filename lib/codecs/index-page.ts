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
import * as E from 'fp-ts/Either';
import * as A from 'fp-ts/Array';
import * as t from 'io-ts';
import { decodeError, type DecodeError } from '../errors';
import { report } from './decode';
import { docGuardAndEncoder } from './doc-guard';
import { NonEmptyString, Version } from './primitives';

export interface IndexEntry<A> {
  readonly id: string;
  readonly version: number;
  readonly data?: A;
}

/** An entry of a page that did not decode: where it stood, and why. */
export interface InvalidIndexEntry {
  /** Its position in the page's `index` on the wire. */
  readonly position: number;
  /** Why; `id` is set when the entry's id could be read. */
  readonly error: DecodeError;
}

export interface IndexPage<A> {
  readonly current: string;
  /** The entries that decoded, in the page's order. */
  readonly index: ReadonlyArray<IndexEntry<A>>;
  readonly mark?: string;
  readonly count?: number;
  /**
   * The entries that did not decode (a malformed entry, or data its codec refuses), when there
   * are any. One bad object does not spoil the page: the others are in `index`.
   */
  readonly invalid?: ReadonlyArray<InvalidIndexEntry>;
}

const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Count');

const WireEntry = t.intersection([
  t.type({ id: NonEmptyString, v: Version }),
  t.partial({ d: t.unknown }),
]);

const WirePage = t.intersection([
  t.type({ current: NonEmptyString, index: t.array(t.unknown) }),
  t.partial({ mark: t.union([t.string, t.null]), count: t.union([Count, t.null]) }),
]);

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
  const entry = (u: unknown, c: t.Context): t.Validation<IndexEntry<A>> =>
    E.chain((w: t.TypeOf<typeof WireEntry>) => {
      const base: IndexEntry<A> = { id: w.id, version: w.v };
      if (w.d === undefined || w.d === null) return t.success(base);
      return E.map((data: A) => ({ ...base, data }))(
        doc.validate(w.d, t.appendContext(c, 'd', doc, w.d)),
      );
    })(WireEntry.validate(u, c));

  const validate = (u: unknown, c: t.Context): t.Validation<IndexPage<A>> =>
    E.chain((w: t.TypeOf<typeof WirePage>): t.Validation<IndexPage<A>> => {
      const indexContext = t.appendContext(c, 'index', t.array(WireEntry), w.index);
      const results = w.index.map((item, i) =>
        entry(item, t.appendContext(indexContext, String(i), WireEntry, item)),
      );
      const invalid = results.flatMap((result, position): InvalidIndexEntry[] => {
        if (E.isRight(result)) return [];
        const id: unknown = (w.index[position] as { id?: unknown } | null)?.id;
        const error = decodeError({
          messages: report(result.left),
          errors: result.left,
          ...(typeof id === 'string' && id !== '' ? { id } : {}),
        });
        return [{ position, error }];
      });
      const page: IndexPage<A> = {
        current: w.current,
        index: A.rights(results),
        ...(typeof w.mark === 'string' && w.mark.length > 0 ? { mark: w.mark } : {}),
        ...(typeof w.count === 'number' ? { count: w.count } : {}),
        ...(invalid.length > 0 ? { invalid } : {}),
      };
      return t.success(page);
    })(WirePage.validate(u, c));

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
    validate,
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
