/**
 * simperium-rx: a reactive client for the Simperium data-sync service. Every endpoint is a cold
 * Observable of fp-ts `Either` values; responses are decoded with io-ts codecs.
 *
 * Everything public is listed here by name. Modules not listed (the transport, the request
 * executor, validation) are internal on purpose and may change without notice.
 *
 * @since 0.1.0
 */

/* Endpoints */
export { Auth } from './auth';
export { Api } from './api';
// `Bucket` is exported as a type only: buckets come from `api.bucket(name, codec)`.
export type { Bucket } from './bucket';
export type { BucketStreams } from './bucket-streams';

/* Codecs */
export { AuthResponse } from './codecs/auth-response';
export { StatusResponse } from './codecs/status-response';
export { BucketList } from './codecs/bucket-list';
export { JsonObject } from './codecs/json-object';
export { changeCodec } from './codecs/change';
export { indexPageCodec } from './codecs/index-page';
export { ObjectDiff } from './codecs/object-diff';

/* Retry policy */
export { defaultFeedRetry, defaultOneShotRetry, isRetryable } from './transport/retry';

/* Errors */
export {
  httpError,
  networkError,
  timeoutError,
  decodeError,
  invalidArgumentError,
  unknownCursorError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  isDecodeError,
  isInvalidArgumentError,
  isUnknownCursorError,
  isSimperiumError,
} from './errors';
export type {
  SimperiumError,
  HttpError,
  NetworkError,
  TimeoutError,
  DecodeError,
  InvalidArgumentError,
  InvalidArgumentException,
  UnknownCursorError,
} from './errors';

/* ObservableEither helpers, as a namespace since their names (`map`, `chain` …) clash with rxjs */
import * as OE from './observable-either';
export { OE };

/* Types */
export type { ObservableEither } from './observable-either';
export type { AuthOptions, UpdateOptions } from './auth';
export type { ApiOptions } from './api';
export type {
  NewOptions,
  PostOptions,
  PostResult,
  GetOptions,
  GetResult,
  DeleteOptions,
  DeleteResult,
  ShareOptions,
} from './bucket-types';
export type { AuthResult } from './codecs/auth-response';
export type { Change, ChangeOperation } from './codecs/change';
export type { IndexPage, IndexEntry } from './codecs/index-page';
export type { ChangesOptions, AllOptions } from './streams/feeds';
export type { IndexOptions } from './streams/index-listing';
export type { RetryOptions } from './transport/retry';
export type { ClientOptions, RequestLogEvent } from './transport/context';
export type { FetchLike, FetchInit, FetchResponseLike } from './transport/request';
export type { JsonValue } from './jsondiff/types';
