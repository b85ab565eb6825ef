/**
 * Bulk writes: many documents in few requests, over `POST {bucket}/changes?wait=1` (the Python
 * client's `bulk_post`). Loaded on demand by `Bucket.postMany$`.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { concatMap, defer, from, map, type Observable } from 'rxjs';
import * as check from '../arguments.js';
import { encodeData } from '../codecs/encode.js';
import { decodeJson } from '../codecs/decode.js';
import * as E from '../either.js';
import { changeError, protocolError, type ChangeError, type SimperiumError } from '../errors.js';
import { left } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import type { RetryOptions } from '../transport/retry.js';
import { retryEither } from '../transport/retry.js';
import { execute } from '../transport/execute.js';
import { uuidHex } from '../uuid-hex.js';
import type { PostResult } from './object-types.js';
import { guarded } from '../codecs/primitives.js';

/** One document to write. */
export interface PostManyEntry<A> {
  /** The object id (new or existing). */
  readonly id: string;
  /** The keys to merge, or the whole document with `replace` (and for a new object). */
  readonly data: Partial<A>;
  /**
   * The version the data was made against. Without it, keys are merged into (or the document
   * replaces) the current version; with it, a replace is rebased over later changes as a `post$`
   * with `version` is, and a merge replaces each given key as of that version.
   */
  readonly version?: number;
  /** Make `data` the whole new document instead of merging its keys (default `false`). */
  readonly replace?: boolean;
}

/** Options of `postMany$`. */
export interface PostManyOptions {
  /** Most entries in one request (default 500). */
  readonly chunkLength?: number;
  /**
   * Most bytes of JSON in one request (default 1 MiB; the local server takes up to 8 MiB). An
   * entry larger than this goes in a request of its own.
   */
  readonly chunkBytes?: number;
  /** Overrides of the retry policy of each request (default: the `Api`'s `retry`). */
  readonly retry?: Partial<RetryOptions>;
}

/** A change object of the bulk endpoint, and what its entry needs to read the answer. */
interface Sent {
  readonly id: string;
  readonly ccid: string;
  readonly json: string;
}

const DEFAULT_CHUNK_LENGTH = 500;
const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** The change object of an entry: the whole document as `d`, or one `r` per merged key. */
const changeOf = <A>(codec: t.Decoder<unknown, A>, entry: PostManyEntry<A>, ccid: string) => {
  const whole = entry.replace === true;
  const data = encodeData(codec, entry.data, whole) as Record<string, unknown>;
  const edit = whole
    ? { d: data }
    : {
        v: Object.fromEntries(Object.entries(data).map(([key, v]) => [key, { o: 'r', v }])),
      };
  return {
    id: entry.id,
    o: 'M',
    ...edit,
    ...(entry.version === undefined ? {} : { sv: entry.version }),
    ccid,
  };
};

/** The entries cut into requests of at most `length` entries and `bytes` bytes of JSON. */
const chunked = (sent: ReadonlyArray<Sent>, length: number, bytes: number): Sent[][] => {
  const chunks: Sent[][] = [];
  let chunk: Sent[] = [];
  let size = 2;
  for (const entry of sent) {
    const grows = entry.json.length + 1;
    if (chunk.length > 0 && (chunk.length >= length || size + grows > bytes)) {
      chunks.push(chunk);
      chunk = [];
      size = 2;
    }
    chunk.push(entry);
    size += grows;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
};

/** The answer of the bulk endpoint: one result per change, in order. */
const Results = guarded(
  'Array<ChangeResult>',
  (u): u is ReadonlyArray<{ readonly ev?: unknown; readonly error?: unknown }> =>
    Array.isArray(u) && u.every((r) => typeof r === 'object' && r !== null),
);

/** An entry's result: `post$`'s shape for a write (409 and 412 included), else a `ChangeError`. */
const resultOf = (
  sent: Sent,
  result: { readonly ev?: unknown; readonly error?: unknown } | undefined,
): E.Either<SimperiumError, PostResult<never>> => {
  if (result === undefined) {
    return E.left(
      protocolError({ message: `the answer holds no result for the change of ${sent.id}` }),
    );
  }
  const code = typeof result.error === 'number' ? result.error : undefined;
  if (code === 409) return E.right({ id: sent.id, changed: true });
  if (code === 412) return E.right({ id: sent.id, changed: false });
  if (code !== undefined) return E.left(changeError({ id: sent.id, code }));
  const version = typeof result.ev === 'number' ? result.ev : undefined;
  return E.right({ id: sent.id, ...(version === undefined ? {} : { version }), changed: true });
};

/**
 * Writes many documents (see `Bucket.postMany$` for the contract): emits one `Either` per entry,
 * in input order, then completes.
 */
export const postMany$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  entries: Iterable<PostManyEntry<A>>,
  options: PostManyOptions = {},
): Observable<E.Either<SimperiumError, PostResult<A>>> => {
  const list = [...entries];
  const checks = E.all({
    bucket: check.bucketName(bucket),
    length: check.count('chunkLength', options.chunkLength),
    bytes: check.count('chunkBytes', options.chunkBytes),
    ids: E.traverse((entry: PostManyEntry<A>) =>
      E.chain(() => check.optional(entry.version, check.version))(check.objectId(entry.id)),
    )(list),
  });
  if (E.isLeft(checks)) return left(checks.left);
  const sent = list.map((entry): Sent => {
    const ccid = uuidHex();
    return { id: entry.id, ccid, json: JSON.stringify(changeOf(codec, entry, ccid)) };
  });
  const retry = { ...ctx.retry, ...options.retry };
  const chunks = chunked(
    sent,
    checks.right.length ?? DEFAULT_CHUNK_LENGTH,
    checks.right.bytes ?? DEFAULT_CHUNK_BYTES,
  );
  return defer(() => {
    let failed: SimperiumError | undefined;
    return from(chunks).pipe(
      concatMap((chunk) => {
        if (failed !== undefined) return from(chunk.map(() => E.left(failed as SimperiumError)));
        return execute(ctx, {
          method: 'POST',
          path: [checks.right.bucket, 'changes'],
          query: { clientid: ctx.clientId, wait: true },
          json: `[${chunk.map((s) => s.json).join(',')}]`,
        }).pipe(
          map(E.chain(({ request, response }) => decodeJson(Results, response, request))),
          retryEither(retry),
          concatMap((answer) => {
            if (E.isLeft(answer)) {
              failed = answer.left;
              return from(chunk.map(() => answer));
            }
            return from(chunk.map((s, i) => resultOf(s, answer.right[i])));
          }),
        );
      }),
    );
  }) as Observable<E.Either<SimperiumError, PostResult<A>>>;
};

export type { ChangeError };
