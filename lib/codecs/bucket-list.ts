/**
 * The answer to `GET /1/{appId}/buckets` (admin).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';

/** Wire shape: `{ "buckets": [{ "name": "todo" }, …] }`. */
export const BucketList = t.type(
  {
    /** One entry per bucket, in the server's order. */
    buckets: t.array(
      t.type(
        {
          /** The bucket's name. */
          name: t.string,
        },
        'BucketEntry',
      ),
    ),
  },
  'BucketList',
);
export type BucketList = t.TypeOf<typeof BucketList>;

/** The bucket names, in the server's order. */
export const bucketNames = (list: BucketList): string[] => list.buckets.map((b) => b.name);
