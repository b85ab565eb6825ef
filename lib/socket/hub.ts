/**
 * The streaming side of an `Api` with `transport: 'websocket'`: one connection per context, the
 * WebSocket it uses, and the change feed over it. Loaded on demand, by the first feed.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { EMPTY, Observable, concatMap, from, of, switchMap } from 'rxjs';
import * as check from '../arguments.js';
import type { Change } from '../codecs/change.js';
import * as E from '../either.js';
import type { DeleteResult, PostResult } from '../endpoints/object-types.js';
import { httpError, invalidArgumentError, networkError, type SimperiumError } from '../errors.js';
import { isRecord } from '../jsondiff/guards.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { Answer, PollHooks } from '../streams/long-poll.js';
import type { ApiContext } from '../transport/context.js';
import { isNode } from '../transport/default-transport.js';
import { Connection } from './connection.js';
import { socketAnswers, type SocketFeed } from './feed.js';
import { initPayload } from './frames.js';
import { BucketWriter } from './writer.js';
import type { ChangeAck, SocketWrite, WebSocketConstructor } from './types.js';

/** Named through a variable so that bundlers leave the import alone (it is Node's only). */
const WS_PACKAGE = 'ws';

/** The connection of each context. */
const connections = new WeakMap<ApiContext, SocketFeed>();

/** The writers of each context, by bucket. */
const writers = new WeakMap<ApiContext, Map<string, BucketWriter>>();

/** The socket URL of a context: its base URL's `ws:`/`wss:` twin, `/sock/1/{appId}/websocket`. */
export const socketUrl = (ctx: ApiContext): string =>
  `${ctx.baseUrl.replace(/^http/, 'ws')}/sock/1/${ctx.appId}/websocket`;

/** The WebSocket constructor: given, or the platform's, or the `ws` package on Node. */
const webSocket = async (ctx: ApiContext): Promise<WebSocketConstructor> => {
  const given = ctx.stream?.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  if (given !== undefined) return given as WebSocketConstructor;
  if (!isNode()) throw new Error('there is no WebSocket here: pass one as the WebSocket option');
  const ws = (await import(/* webpackIgnore: true */ WS_PACKAGE)) as {
    default?: WebSocketConstructor;
    WebSocket?: WebSocketConstructor;
  };
  const constructor = ws.WebSocket ?? ws.default;
  if (constructor === undefined) throw new Error('the ws package has no WebSocket');
  return constructor;
};

/** The context's connection, made on first use. */
const connectionOf = async (ctx: ApiContext): Promise<SocketFeed> => {
  const known = connections.get(ctx);
  if (known !== undefined) return known;
  const WebSocket = await webSocket(ctx);
  const url = socketUrl(ctx);
  const feed: SocketFeed = connections.get(ctx) ?? {
    url,
    connection: new Connection(url, (u) => new WebSocket(u), {
      heartbeat: ctx.stream?.heartbeat ?? 4000,
      retry: ctx.retry,
    }),
  };
  connections.set(ctx, feed);
  return feed;
};

/** The connection, or a `NetworkError` saying why there is none (no WebSocket here). */
const connected = (ctx: ApiContext): Promise<E.Either<SimperiumError, SocketFeed>> =>
  connectionOf(ctx).then(
    (feed) => E.right(feed),
    (cause: unknown) =>
      E.left(
        networkError({
          method: 'GET',
          url: socketUrl(ctx),
          message: cause instanceof Error ? cause.message : String(cause),
          cause,
        }),
      ),
  );

/** `connected`, at once when the connection is made already (no promise to wait for). */
const connected$ = (ctx: ApiContext): ObservableEither<SimperiumError, SocketFeed> => {
  const known = connections.get(ctx);
  return known === undefined ? from(connected(ctx)) : of(E.right(known));
};

/** The writer of `bucket` on the context's connection, made on first use. */
const writerOf = (ctx: ApiContext, feed: SocketFeed, bucket: string): BucketWriter => {
  const byBucket = writers.get(ctx) ?? new Map<string, BucketWriter>();
  writers.set(ctx, byBucket);
  const known = byBucket.get(bucket);
  if (known !== undefined) return known;
  const writer = new BucketWriter(
    feed.connection,
    feed.url,
    initPayload({
      bucket,
      clientid: ctx.clientId,
      token: ctx.credentialHeaders['x-simperium-token'] ?? '',
      appId: ctx.appId,
    }),
    ctx.stream?.heartbeat ?? 4000,
  );
  byBucket.set(bucket, writer);
  return writer;
};

/**
 * The change a write sends: `{ o: '-', id }`; `{ o: 'M', id, v }` with a replacement of each of
 * the document's keys (`v`: applied to the head, since it names no base version); or, with
 * `replace`, `{ o: 'M', id, d }`, the whole document (which the server sets as the object). The
 * document is what `JSON.stringify` makes of it, as over HTTP.
 */
const changeOf = (
  id: string,
  write: SocketWrite,
): E.Either<SimperiumError, Record<string, unknown>> => {
  if (write.o === '-') return E.right({ o: '-', id });
  let text: string;
  try {
    text = JSON.stringify(write.body) ?? 'undefined';
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return E.left(invalidArgumentError('data', `data is not serialisable as JSON: ${reason}`));
  }
  const checked = check.jsonText('data', text);
  if (E.isLeft(checked)) return checked;
  const data: unknown = text === 'undefined' ? undefined : JSON.parse(text);
  if (!isRecord(data)) return E.left(invalidArgumentError('data', 'data must be a JSON object'));
  if (write.replace === true) return E.right({ o: 'M', id, d: data });
  const v = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, { o: 'r', v: value }]),
  );
  return E.right({ o: 'M', id, v });
};

/**
 * What a write emits for the server's acknowledgement: `post$`'s `{ id, version?, changed }`
 * (`changed: false` for 412), or `delete$`'s `{ id, version? }`, where 412 (already deleted) is
 * the `HttpError` 404 that HTTP gives.
 */
const resultOf = (
  id: string,
  write: SocketWrite,
  { status, version, url }: ChangeAck,
): E.Either<SimperiumError, PostResult<never> | DeleteResult> => {
  const versioned = version === undefined ? { id } : { id, version };
  if (write.o === 'M') return E.right({ ...versioned, changed: status !== 412 });
  return status === 412
    ? E.left(
        httpError({
          status: 404,
          statusText: 'the object is already deleted',
          method: 'DELETE',
          url,
          body: undefined,
        }),
      )
    : E.right(versioned);
};

/**
 * A write over the socket, for `write$`: sends the change of `write` on the bucket's writing
 * channel with `ccid` (path: `[bucket, 'i', id]`), and emits the result of the server's answer
 * (see `resultOf`), or `Left(HttpError)` with the code of a refusal, then completes. Waits
 * through reconnections (the change is sent again, with the same ccid); unsubscribing withdraws
 * it. `Left(InvalidArgumentError)` with nothing sent for a document that is not a JSON object.
 */
export const streamWrite = (
  ctx: ApiContext,
  path: ReadonlyArray<string>,
  ccid: string,
  write: SocketWrite,
  method: string,
): ObservableEither<SimperiumError, PostResult<never> | DeleteResult> => {
  const [bucket = '', , id = ''] = path;
  const change = changeOf(id, write);
  if (E.isLeft(change)) return left(change.left);
  return connected$(ctx).pipe(
    switchMap((feed) =>
      E.isLeft(feed)
        ? of(feed)
        : new Observable<E.Either<SimperiumError, PostResult<never> | DeleteResult>>((subscriber) =>
            writerOf(ctx, feed.right, bucket).write(ccid, change.right, method, (answer) => {
              subscriber.next('_tag' in answer ? E.left(answer) : resultOf(id, write, answer));
              subscriber.complete();
            }),
          ),
    ),
  );
};

/**
 * The `changes` feed's answers over the socket, for `changeAnswers` (live views): see
 * `socketAnswers`. Invalid options emit one `Left(InvalidArgumentError)` and complete; a missing
 * WebSocket, one `Left(NetworkError)`.
 */
export const streamAnswers = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: { readonly cv?: string },
  hooks?: PollHooks,
): ObservableEither<SimperiumError, Answer<Change<A>>> => {
  const checks = E.all({ bucket: check.bucketName(bucket), cv: check.cursor('cv', options.cv) });
  if (E.isLeft(checks)) return left(checks.left);
  return connected$(ctx).pipe(
    switchMap((feed) =>
      E.isLeft(feed)
        ? of(feed)
        : socketAnswers(ctx, feed.right, checks.right.bucket, codec, checks.right.cv, hooks),
    ),
  );
};

/** `changes$` over the socket: the answers' changes one by one (see `Bucket.changes$`). */
export const streamChanges = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: { readonly cv?: string },
): ObservableEither<SimperiumError, Change<A>> =>
  streamAnswers(ctx, bucket, codec, options).pipe(
    concatMap((answer) =>
      E.isLeft(answer)
        ? of(answer)
        : answer.right.changes.length === 0
          ? EMPTY
          : from(answer.right.changes),
    ),
  );
