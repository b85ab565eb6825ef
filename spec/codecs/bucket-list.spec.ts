import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { BucketList, bucketNames } from '../../lib/codecs/bucket-list';

describe('BucketList', () => {
  it('should decode the documented answer', () => {
    const wire = { buckets: [{ name: 'yourbucket' }, { name: 'yourotherbucket' }] };
    expect(BucketList.decode(wire)).toEqual(E.right(wire));
    expect(BucketList.decode({ buckets: [] })).toEqual(E.right({ buckets: [] }));
  });

  it.each([
    [{ buckets: [{ name: 1 }] }],
    [{ buckets: ['todo'] }],
    [{ buckets: null }],
    [[{ name: 'x' }]],
    [{}],
  ])('should refuse %j', (u) => {
    expect(E.isLeft(BucketList.decode(u))).toBe(true);
  });

  it('should never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => E.isLeft(BucketList.decode(u)) || BucketList.is(u)),
    );
  });
});

describe('bucketNames', () => {
  it('should list the names in order', () => {
    expect(bucketNames({ buckets: [{ name: 'b' }, { name: 'a' }] })).toEqual(['b', 'a']);
  });
});
