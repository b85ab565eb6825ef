import * as F from 'fp-ts/Either';
import * as E from '../lib/either';

describe('either', () => {
  it('should build values fp-ts reads as its own Either', () => {
    expect(E.left('e')).toEqual(F.left('e'));
    expect(E.right(1)).toEqual(F.right(1));
    expect(F.isLeft(E.left('e'))).toBe(true);
    expect(F.getOrElse(() => 0)(E.right(5))).toBe(5);
    expect(E.isLeft(F.left(1)) && E.isRight(F.right(1))).toBe(true);
  });

  it('should map and chain a Right and pass a Left through', () => {
    const double = E.map((n: number) => n * 2);
    expect(double(E.right(2))).toEqual(E.right(4));
    expect(double(E.left('no'))).toEqual(E.left('no'));
    const half = E.chain((n: number) => (n % 2 === 0 ? E.right(n / 2) : E.left('odd')));
    expect(half(E.right(4))).toEqual(E.right(2));
    expect(half(E.right(3))).toEqual(E.left('odd'));
    expect(half(E.left('before'))).toEqual(E.left('before'));
    expect(E.mapLeft((e: string) => e.length)(E.left('abc'))).toEqual(E.left(3));
    expect(E.mapLeft((e: string) => e.length)(E.right(1))).toEqual(E.right(1));
  });

  it('should gather a record of Rights, or give its first Left in key order', () => {
    expect(E.all({ a: E.right(1), b: E.right('x') })).toEqual(E.right({ a: 1, b: 'x' }));
    expect(E.all({ a: E.right(1), b: E.left('b'), c: E.left('c') })).toEqual(E.left('b'));
  });

  it('should traverse a list, stopping at the first Left', () => {
    const seen: number[] = [];
    const positive = E.traverse((n: number) => {
      seen.push(n);
      return n > 0 ? E.right(n) : E.left(n);
    });
    expect(positive([1, 2])).toEqual(E.right([1, 2]));
    expect(positive([1, -1, -2])).toEqual(E.left(-1));
    expect(seen).toEqual([1, 2, 1, -1]);
  });
});
