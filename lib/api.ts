/**
 * `Api`: the data API of one application (`api.simperium.com`), for one access token. A thin class
 * over the functional core: it builds the context once and hands it to each bucket and call.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { Bucket } from './bucket.js';
import { ParsedJsonObject, type JsonObject } from './codecs/json-object.js';
import { createApiContext, type ApiOptions } from './endpoints/contexts.js';
import type { SimperiumError } from './errors.js';
import { onDemand, type ObservableEither } from './observable-either.js';
import type { ApiContext } from './transport/context.js';
import type { ApiRequest } from './endpoints/request.js';

export type { ApiOptions } from './endpoints/contexts.js';

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
    this.context = createApiContext(appId, token, options);
    this.appId = appId;
    this.options = { ...options, clientId: this.context.clientId };
  }

  /**
   * A bucket of this application whose documents are any JSON objects (documents come from
   * parsed answers, so this checks only that each is an object). Synchronous and cheap: nothing is
   * sent, and the name is checked by each of the bucket's calls (an invalid name makes them emit
   * `Left(InvalidArgumentError)`).
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * const notes = new Api('my-app-id', accessToken).bucket('note'); // Bucket<JsonObject>
   * ```
   *
   * @param name 1–64 characters from `A-Z a-z 0-9 . _ % -`, not `.` or `..`
   */
  bucket(name: string): Bucket<JsonObject>;
  /**
   * A bucket of this application whose documents are decoded with `codec` (any io-ts
   * `Decoder<unknown, A>`, so any `t.Type` too). Synchronous and cheap: nothing is sent, and the
   * name is checked by each of the bucket's calls (an invalid name makes them emit
   * `Left(InvalidArgumentError)`).
   *
   * ## Example
   *
   * ```ts
   * import * as t from 'io-ts';
   * import { Api } from 'simperium-rx';
   *
   * const Todo = t.type({ text: t.string, done: t.boolean });
   * const todo = new Api('my-app-id', accessToken).bucket('todo', Todo); // Bucket<{ text; done }>
   * ```
   *
   * @param name 1–64 characters from `A-Z a-z 0-9 . _ % -`, not `.` or `..`
   * @param codec decodes the bucket's documents
   */
  bucket<A>(name: string, codec: t.Decoder<unknown, A>): Bucket<A>;
  bucket<A>(name: string, codec?: t.Decoder<unknown, A>): Bucket<A> | Bucket<JsonObject> {
    return codec === undefined
      ? new Bucket(name, ParsedJsonObject, this.context)
      : new Bucket(name, codec, this.context);
  }

  /**
   * Lists the application's bucket names (**admin key** required; its code loads on first use,
   * since an admin key never belongs in a browser). Cold: sends `GET
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
    return onDemand(
      () => import('./endpoints/list-buckets.js'),
      (admin) => admin.listBuckets$(this.context),
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

  /**
   * Any request of the data API, for the endpoints this client does not wrap (as Kinto's and
   * AmigoCloud's clients offer): `path` is relative to `/1/{appId}/`, given as an array of
   * segments (each percent-encoded) or as an encoded string. Same credentials, timeout, retries
   * and error model as every other call; its code loads on first use. Cold: sends on subscribe.
   * Emits `Right` of the answer decoded with `codec` (default: any JSON value; an empty answer is
   * `undefined`), then completes. `Left`: `InvalidArgumentError` (a bad path; nothing sent),
   * `HttpError` (a status outside `accept`, by default any non-2xx), `NetworkError`,
   * `TimeoutError`, `DecodeError`. Unsubscribing aborts the request.
   *
   * ## Example
   *
   * ```ts
   * import { Api } from 'simperium-rx';
   *
   * new Api('my-app-id', token)
   *   .request$({ method: 'GET', path: ['todo', 'i', '5f3c…', 'v', '2'] })
   *   .subscribe(console.log);
   * ```
   *
   * @param spec `method`, `path`, `query`, `body`, `codec`, `accept`, `retry`
   */
  request$<A = unknown>(spec: ApiRequest<A>): ObservableEither<SimperiumError, A> {
    return onDemand(
      () => import('./endpoints/request.js'),
      (hatch) => hatch.request$(this.context, spec),
    );
  }
}
