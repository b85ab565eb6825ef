/**
 * The options and results of the object endpoints (`Bucket`'s one-shot methods).
 *
 * @since 0.1.0
 */

/** Options of `new$`. */
export interface NewOptions {
  /** The change id (default: a fresh uuid hex, fixed when `new$` is called). */
  readonly ccid?: string;
}

/** Options of `post$` / `set$`. */
export interface PostOptions {
  /** Write on top of this version (`/v/{version}`); the server rebases concurrent edits. */
  readonly version?: number;
  /** Make `data` the whole new document instead of merging its keys (default `false`). */
  readonly replace?: boolean;
  /** The change id (default: a fresh uuid hex, fixed when `post$` is called). */
  readonly ccid?: string;
  /** Ask the server for the resulting document, emitted as `data` (default `false`). */
  readonly response?: boolean;
}

/** What `post$` / `set$` emit. */
export interface PostResult<A> {
  /** The object id written. */
  readonly id: string;
  /** The version after the write, from `X-Simperium-Version`, when the server sent it. */
  readonly version?: number;
  /** `false` when the server answered 412: the write changed nothing. */
  readonly changed: boolean;
  /** The resulting document, with `response: true` on a 200 answer. */
  readonly data?: A;
}

/** Options of `get$`. */
export interface GetOptions {
  /** Read this version instead of the latest. */
  readonly version?: number;
}

/** What `get$` emits. */
export interface GetResult<A> {
  /** The object id read. */
  readonly id: string;
  /** The version read, from `X-Simperium-Version`. */
  readonly version: number;
  /** The document, decoded with the bucket's codec. */
  readonly data: A;
}

/** Options of `delete$`. */
export interface DeleteOptions {
  /** Delete only if this is still the current version. */
  readonly version?: number;
  /** The change id (default: a fresh uuid hex, fixed when `delete$` is called). */
  readonly ccid?: string;
}

/** What `delete$` emits. */
export interface DeleteResult {
  /** The object id deleted. */
  readonly id: string;
  /** The version after the deletion, when the server sent `X-Simperium-Version`. */
  readonly version?: number;
}

/** Options of `share$`. */
export interface ShareOptions {
  /** Let the other user modify the object (default `false`). */
  readonly writeAccess?: boolean;
  /** The change id (default: a fresh uuid hex, fixed when `share$` is called). */
  readonly ccid?: string;
}
