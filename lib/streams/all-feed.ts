/**
 * The `all` feed of a bucket (admin key): every user's changes. Loaded on demand by `Bucket.all$`,
 * since an admin key never belongs in a browser and browser bundles need not carry it.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import * as check from '../arguments.js';
import type { Change } from '../codecs/change.js';
import * as E from '../either.js';
import type { SimperiumError } from '../errors.js';
import { left, type ObservableEither } from '../observable-either.js';
import type { ApiContext } from '../transport/context.js';
import { feed, type ChangesOptions } from './feeds.js';

/** Options of `all$` (admin key). */
export interface AllOptions extends ChangesOptions {
  /** Send each object's latest data as `d` (`data=1`). */
  readonly data?: boolean;
  /** Send each change's author as `username` (`username=1`). */
  readonly withUsernames?: boolean;
  /** @deprecated The old name of `withUsernames`; still read when that is absent. */
  readonly username?: boolean;
  /** Only the most recent change of each object (`most_recent=1`). */
  readonly mostRecent?: boolean;
  /** Leave out changes made by these clients (one `skip_clientid` each). */
  readonly skipClientIds?: ReadonlyArray<string>;
  /** At most this many changes per answer (`batch`, 1–1000; the server's default is 100). */
  readonly batch?: number;
}

/**
 * The endless feed of every user's changes (see `Bucket.all$` for the contract). Invalid options
 * emit one `Left(InvalidArgumentError)` and complete, sending nothing.
 */
export const allFeed = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  options: AllOptions,
): ObservableEither<SimperiumError, Change<A>> => {
  const checks = E.all({
    skip: check.clientIds('skipClientIds', options.skipClientIds ?? []),
    batch: check.count('batch', options.batch, 1000),
  });
  if (E.isLeft(checks)) return left(checks.left);
  return feed(ctx, bucket, codec, 'all', options, {
    data: options.data === true,
    username: (options.withUsernames ?? options.username) === true,
    most_recent: options.mostRecent === true,
    skip_clientid: checks.right.skip,
    batch: checks.right.batch,
  });
};
