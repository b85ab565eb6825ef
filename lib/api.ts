/**
 * `Api`: the data API of one application (`api.simperium.com`), for one access token.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { map } from 'rxjs';
import { Bucket } from './bucket';
import { BucketList, bucketNames } from './codecs/bucket-list';
import { decodeJson } from './codecs/decode';
import { JsonObject } from './codecs/json-object';
import { invalidArgumentException, type SimperiumError } from './errors';
import type { ObservableEither } from './observable-either';
import {
  checkHeaderValue,
  clientContext,
  type ApiContext,
  type ClientOptions,
} from './transport/context';
import { execute } from './transport/execute';
import { defaultOneShotRetry, retryEither, type RetryOptions } from './transport/retry';
import { validateAsciiId } from './transport/validate';
import { uuidHex } from './uuid-hex';

/** Options of `new Api(…)`; every field is optional. */
export interface ApiOptions extends ClientOptions {
  /** Default `https://api.simperium.com`. */
  readonly baseUrl?: string;
  /** Identifies this client in changes (default `rx-` + 32 random hex digits). */
  readonly clientId?: string;
  /**
   * Act as this user (sent as `X-Simperium-User`); the token must then be an admin key. Same as
   * `asUser(userId)`.
   */
  readonly userId?: string;
  /**
   * How failed requests are retried (network errors, timeouts, 408, 429 honouring `Retry-After`,
   * 5xx), merged over the defaults: first retry after 1 s, doubling up to 30 s, half of each
   * delay jittered, `Retry-After` capped at 60 s. One-shot calls retry `count` times (default
   * `0`: no retry; a retried write re-sends its ccid, so it is applied at most once). Feeds
   * (`changes$`, `all$`) use the same delays but always retry forever, unless the call's own
   * `retry` option says otherwise.
   */
  readonly retry?: Partial<RetryOptions>;
}

export const DEFAULT_API_URL = 'https://api.simperium.com';

/**
 * The data API for one application and one access token (or admin key).
 *
 * `bucket(name, codec)` gives a {@link Bucket} whose methods read and write documents. The token
 * travels only in the `X-Simperium-Token` header: it never appears in URLs, errors or log events,
 * and printing an `Api` or `Bucket` shows `[redacted]` in its place.
 *
 * ## Example
 *
 * ```ts
 * import * as t from 'io-ts';
 * import { Api } from 'simperium-rx';
 *
 * const api = new Api('my-app-id', accessToken);
 * const todo = api.bucket('todo', t.type({ text: t.string, done: t.boolean }));
 * todo.get$('5f3c…').subscribe((result) => console.log(result));
 * ```
 */
export class Api {
  /** @internal The client context shared by every bucket of this `Api`. */
  readonly context: ApiContext;
  private readonly appId: string;
  private readonly options: ApiOptions;

  /**
   * @param appId the application id
   * @param token a user's access token (from `Auth`), or the admin key for admin calls
   * @param options base URL, `clientId`, `userId`, fetch, timeout (default 30 s), `retry`,
   *   `allowInsecureHttp`, `log`
   * @throws InvalidArgumentException (a TypeError) for an invalid app id, token, client id, user id, base URL (e.g. `http:`
   *   to a remote host) or timeout
   */
  constructor(appId: string, token: string, options: ApiOptions = {}) {
    checkHeaderValue('token', token);
    const clientId = options.clientId ?? `rx-${uuidHex()}`;
    if (E.isLeft(validateAsciiId('clientId', clientId))) {
      throw invalidArgumentException('clientId', 'clientId must be 1-256 visible ASCII characters');
    }
    const credentials: Record<string, string> = { 'x-simperium-token': token };
    if (options.userId !== undefined) {
      credentials['x-simperium-user'] = checkHeaderValue('userId', options.userId);
    }
    this.appId = appId;
    this.options = { ...options, clientId };
    this.context = {
      ...clientContext(appId, credentials, options, DEFAULT_API_URL),
      clientId,
      retry: { ...defaultOneShotRetry, ...options.retry },
    };
  }

  /**
   * A bucket of this application. Synchronous and cheap: nothing is sent, and the name is checked
   * by each of the bucket's calls (an invalid name makes them emit `Left(InvalidArgumentError)`).
   *
   * ## Example
   *
   * ```ts
   * import * as t from 'io-ts';
   * import { Api } from 'simperium-rx';
   *
   * const notes = new Api('my-app-id', token).bucket('note', t.type({ content: t.string }));
   * ```
   *
   * @param name 1–64 characters from `A-Z a-z 0-9 . _ % -`
   * @param codec decodes the documents (default: any JSON object)
   */
  bucket(name: string): Bucket<JsonObject>;
  bucket<A>(name: string, codec: t.Decoder<unknown, A>): Bucket<A>;
  bucket<A>(name: string, codec?: t.Decoder<unknown, A>): Bucket<A> | Bucket<JsonObject> {
    return codec === undefined
      ? new Bucket(name, JsonObject, this.context)
      : new Bucket(name, codec, this.context);
  }

  /**
   * Lists the application's bucket names (**admin key** required). Cold: sends `GET
   * /1/{appId}/buckets` on subscribe. Emits the names then completes; `Left(HttpError)` (401 for
   * a non-admin token), `Left(NetworkError | TimeoutError)` or `Left(DecodeError)` otherwise.
   * Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', adminKey).buckets$().subscribe((names) => console.log(names));
   * ```
   */
  buckets$(): ObservableEither<SimperiumError, string[]> {
    return execute(this.context, { method: 'GET', path: ['buckets'] }).pipe(
      map(
        E.chainW(({ request, response }) =>
          E.map(bucketNames)(decodeJson(BucketList, response, request)),
        ),
      ),
      retryEither(this.context.retry ?? defaultOneShotRetry),
    );
  }

  /**
   * A new `Api` that acts as another user (`X-Simperium-User`), with the same options and client
   * id. This `Api`'s token must be the application's admin key. Synchronous: nothing is sent.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', adminKey).asUser(userId).bucket('todo').get$('5f3c…').subscribe();
   * ```
   *
   * @param userId the user's id (`userId` from `Auth`)
   * @throws InvalidArgumentException (a TypeError) when `userId` is empty or cannot travel in a header
   */
  asUser(userId: string): Api {
    const token = this.context.credentialHeaders['x-simperium-token'] ?? '';
    return new Api(this.appId, token, { ...this.options, userId });
  }
}
