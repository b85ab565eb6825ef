/**
 * simperium-rx: a reactive client for the Simperium data-sync service. Every endpoint is a cold
 * Observable of fp-ts `Either` values; responses are decoded with io-ts codecs.
 *
 * Everything public is listed here by name. Modules not listed (the transport, the request
 * executor, validation) are internal on purpose and may change without notice.
 *
 * @since 0.1.0
 * @module simperium-rx
 */

/* The classes: the friendly surface */
export { Auth } from './auth.js';
export { Api } from './api.js';
// `Bucket` is exported as a type only: buckets come from `api.bucket(name, codec)`.
export type { Bucket } from './bucket.js';

/*
 * The functional core the classes compose: each call a plain function of a context, so a bundle
 * keeps only the ones an app calls. Same requests, emissions and `Left` cases as the methods.
 */
export { createApiContext, createAuthContext } from './endpoints/contexts.js';
export { getObject$ } from './endpoints/get-object.js';
export { newObject$, postObject$ } from './endpoints/post-object.js';
export { deleteObject$ } from './endpoints/delete-object.js';
export { shareObject$ } from './endpoints/share-object.js';
export { listBuckets$ } from './endpoints/list-buckets.js';
export { postMany$ } from './endpoints/post-many.js';
export { request$ } from './endpoints/request.js';
export {
  authorizeUser$,
  createUser$,
  deleteUser$,
  resetPassword$,
  updateUser$,
} from './endpoints/users.js';
export { changesFeed as changes$ } from './streams/feeds.js';
export { allFeed as all$ } from './streams/all-feed.js';
export { indexEntries as index$, indexPages as indexPages$ } from './streams/index-listing.js';

/* Codecs */
export { AuthResponse } from './codecs/auth-response.js';
export { StatusResponse } from './codecs/status-response.js';
export { BucketList } from './codecs/bucket-list.js';
export { JsonObject } from './codecs/json-object.js';
export { changeCodec } from './codecs/change.js';
export { indexPageCodec } from './codecs/index-page.js';
export { ObjectDiff } from './codecs/object-diff.js';

/* Live views: stores (a view itself comes from `bucket.live$`) */
export { memoryStore } from './live/memory-store.js';
export { indexedDbStore } from './live/indexeddb-store.js';

/* Retry policy */
export { defaultFeedRetry, defaultOneShotRetry, isRetryable } from './transport/retry.js';

/* Errors */
export {
  httpError,
  networkError,
  timeoutError,
  decodeError,
  protocolError,
  changeError,
  invalidArgumentError,
  unknownCursorError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  isDecodeError,
  isProtocolError,
  isChangeError,
  isInvalidArgumentError,
  isUnknownCursorError,
  isSimperiumError,
} from './errors.js';
export type {
  SimperiumError,
  HttpError,
  NetworkError,
  TimeoutError,
  DecodeError,
  ProtocolError,
  ChangeError,
  InvalidArgumentError,
  InvalidArgumentException,
  UnknownCursorError,
} from './errors.js';

/* ObservableEither helpers, as a namespace since their names (`map`, `chain` …) clash with rxjs */
import * as OE from './observable-either.js';
export { OE };

/* Types */
export type { ObservableEither } from './observable-either.js';
export type { AuthOptions, UpdateOptions } from './auth.js';
export type { ApiOptions } from './api.js';
export type {
  NewOptions,
  PostOptions,
  PostResult,
  GetOptions,
  GetResult,
  DeleteOptions,
  DeleteResult,
  ShareOptions,
} from './endpoints/object-types.js';
export type { AuthResult } from './codecs/auth-response.js';
export type { PostManyEntry, PostManyOptions } from './endpoints/post-many.js';
export type { ApiRequest } from './endpoints/request.js';
export type { Change, ChangeOperation } from './codecs/change.js';
export type { IndexPage, IndexEntry, InvalidIndexEntry } from './codecs/index-page.js';
export type { ChangesOptions } from './streams/feeds.js';
export type { AllOptions } from './streams/all-feed.js';
export type { IndexOptions } from './streams/index-listing.js';
export type { LiveOptions, LiveStatus, LiveStore, LiveView, StoredView } from './live/types.js';
export type { RetryOptions } from './transport/retry.js';
export type {
  ApiContext,
  ClientContext,
  ClientOptions,
  RequestLogEvent,
  StreamSettings,
  WebSocketClass,
} from './transport/context.js';
export type { FetchLike, FetchInit, FetchResponseLike } from './transport/request.js';
export type { JsonValue } from './jsondiff/types.js';
