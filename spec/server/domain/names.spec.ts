import { isAppId, isBucketName } from '../../../lib/server/domain/names';

describe('isAppId', () => {
  it('should accept lower-case ids of 1 to 128 characters from a-z 0-9 . _ -', () => {
    expect(['a', 'my-app.v2_x', 'x'.repeat(128)].map(isAppId)).toEqual([true, true, true]);
  });

  it('should refuse empty, too long, upper-case or other characters', () => {
    expect(['', 'x'.repeat(129), 'App', 'a/b', 'a%20b', 'á'].map(isAppId)).toEqual(
      Array(6).fill(false),
    );
  });
});

describe('isBucketName', () => {
  it('should accept 1 to 64 characters from a-z 0-9 . _ % -', () => {
    expect(['a', 'todo.v2_x%-', 'b'.repeat(64)].map(isBucketName)).toEqual([true, true, true]);
  });

  it('should refuse empty, too long, upper-case, dot names and other characters', () => {
    expect(['', 'b'.repeat(65), 'Todo', '.', '..', 'a/b', 'a:b'].map(isBucketName)).toEqual(
      Array(7).fill(false),
    );
  });
});
