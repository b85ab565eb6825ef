import * as E from 'fp-ts/Either';
import { NonEmptyString, Version } from '../../lib/codecs/primitives';

describe('NonEmptyString', () => {
  it('should accept a string with at least one character', () => {
    expect(NonEmptyString.decode('a')).toEqual(E.right('a'));
  });

  it.each([[''], [1], [null], [undefined], [['a']]])('should refuse %p', (u) => {
    expect(E.isLeft(NonEmptyString.decode(u))).toBe(true);
    expect(NonEmptyString.is(u)).toBe(false);
  });
});

describe('Version', () => {
  it.each([[0], [1], [Number.MAX_SAFE_INTEGER]])('should accept %p', (n) => {
    expect(Version.decode(n)).toEqual(E.right(n));
  });

  it.each([[-1], [1.5], [Number.MAX_SAFE_INTEGER + 1], [NaN], ['1'], [null]])(
    'should refuse %p',
    (u) => {
      expect(E.isLeft(Version.decode(u))).toBe(true);
      expect(Version.is(u)).toBe(false);
    },
  );
});
