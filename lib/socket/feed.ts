/**
 * The change feed over Simperium's streaming protocol: a channel of the `Api`'s one socket, which
 * authenticates (`init` → `auth`), resumes from the cursor (`cv:`), or learns the current one
 * (a one-entry `i:` page), then receives each change as the server commits it (`c:`). The same
 * answers the long-poll loop gives, with push latency. Loaded on demand.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { Observable } from 'rxjs';
import { changeDecoder, type Change } from '../codecs/change.js';
import { decodeValue, withIdOf } from '../codecs/decode.js';
import * as E from '../either.js';
import {
  httpError,
  networkError,
  protocolError,
  unknownCursorError,
  type SimperiumError,
} from '../errors.js';
import { isRecord } from '../jsondiff/guards.js';
import type { ObservableEither } from '../observable-either.js';
import type { Answer, PollHooks } from '../streams/long-poll.js';
import type { ApiContext } from '../transport/context.js';
import type { Connection } from './connection.js';
import { initPayload, parseJson as parse } from './frames.js';

/** What a feed over the socket needs besides its bucket. */
export interface SocketFeed {
  readonly connection: Connection;
  /** The socket's URL, for errors (it holds no secret). */
  readonly url: string;
}

/**
 * The answers of a bucket's change feed over the socket (see `changeAnswers` for their shape):
 * one per `c:` message, in order, with the cursor after it. Emits one final `Left` and completes
 * when the server refuses the credentials or the bucket (`auth:` failure: an `HttpError` with
 * its code), or does not know the cursor (`cv:?`: `UnknownCursorError`). A dropped socket is
 * told to `hooks.onRetry` (the connection opens again by itself, and the channel resumes from
 * the last cursor, so nothing is lost or repeated). Unsubscribing closes the channel, and the
 * socket with the last channel.
 */
export const socketAnswers = <A>(
  ctx: ApiContext,
  feed: SocketFeed,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  cv: string | undefined,
  hooks: PollHooks = {},
): ObservableEither<SimperiumError, Answer<Change<A>>> =>
  new Observable((subscriber) => {
    const decoder = changeDecoder(codec);
    const clientid = ctx.clientId;
    let cursor = cv;
    let attempt = 0;
    const end = (error: SimperiumError): void => {
      subscriber.next(E.left(error));
      subscriber.complete();
    };
    const channel = feed.connection.open((channel) => ({
      opened: () => {
        hooks.onPoll?.();
        channel.send(
          'init',
          initPayload({
            bucket,
            clientid,
            token: ctx.credentialHeaders['x-simperium-token'] ?? '',
            appId: ctx.appId,
          }),
        );
      },
      dropped: () => {
        attempt += 1;
        hooks.onRetry?.(
          networkError({
            method: 'GET',
            url: feed.url,
            message: 'the socket closed',
            cause: undefined,
          }),
          attempt,
        );
      },
      message: (command, payload) => {
        if (subscriber.closed) return;
        if (command === 'auth') {
          const failure = parse(payload);
          if (failure !== undefined) {
            const { code, msg } = (isRecord(failure) ? failure : {}) as {
              code?: unknown;
              msg?: unknown;
            };
            end(
              httpError({
                status: typeof code === 'number' ? code : 401,
                statusText: typeof msg === 'string' ? msg : 'unauthorized',
                method: 'GET',
                url: feed.url,
                body: failure,
              }),
            );
            return;
          }
          attempt = 0;
          if (cursor === undefined) channel.send('i', ':::1');
          else channel.send('cv', cursor);
        } else if (command === 'cv' && payload === '?') {
          end(unknownCursorError(cursor ?? '', feed.url));
        } else if (command === 'i') {
          const page = parse(payload);
          const current = isRecord(page) ? page.current : undefined;
          if (typeof current !== 'string')
            end(protocolError({ message: 'an index page without current', url: feed.url }));
          else {
            cursor ??= current;
            subscriber.next(E.right({ changes: [], cv: cursor }));
          }
        } else if (command === 'c') {
          const elements = parse(payload);
          if (!Array.isArray(elements)) {
            end(protocolError({ message: 'Expected an array of changes', url: feed.url }));
            return;
          }
          const changes = elements
            .filter((raw) => !(isRecord(raw) && 'error' in raw))
            .map((raw) => {
              const decoded = decodeValue(decoder, raw);
              const rawCv = isRecord(raw) ? raw.cv : undefined;
              if (typeof rawCv === 'string' && rawCv !== '') cursor = rawCv;
              return E.isLeft(decoded) ? E.left(withIdOf(decoded.left, raw)) : decoded;
            });
          subscriber.next(E.right({ changes, cv: cursor }));
        }
      },
    }));
    return () => channel.close();
  });
