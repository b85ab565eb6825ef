import * as E from 'fp-ts/Either';
import {
  clientIds,
  optionalCount,
  optionalCursor,
  optionalDelay,
  optionalDuration,
} from '../../lib/streams/arguments';

const refused = (v: E.Either<{ argument: string }, unknown>): string | undefined =>
  E.isLeft(v) ? v.left.argument : undefined;

describe('optionalCount', () => {
  it.each([undefined, 1, 100, 1000])('should accept %p up to 1000', (value) => {
    expect(optionalCount('batch', value, 1000)).toEqual(E.right(value));
  });

  it.each([0, -1, 1.5, 1001, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(optionalCount('batch', value, 1000))).toBe('batch');
  });
});

describe('optionalDuration', () => {
  it.each([undefined, 1, 0.5, 60_000])('should accept %p', (value) => {
    expect(optionalDuration('timeout', value)).toEqual(E.right(value));
  });

  it.each([0, -5, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(optionalDuration('timeout', value))).toBe('timeout');
  });
});

describe('optionalDelay', () => {
  it.each([undefined, 0, 0.5, 1000])('should accept %p', (value) => {
    expect(optionalDelay('minInterval', value)).toEqual(E.right(value));
  });

  it.each([-1, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(optionalDelay('minInterval', value))).toBe('minInterval');
  });
});

describe('optionalCursor', () => {
  it.each([undefined, '5119dafb37a401031d47c0f7', 'x'])('should accept %p', (value) => {
    expect(optionalCursor('cv', value)).toEqual(E.right(value));
  });

  it.each(['', 'a b', 'a\nb', 'é'])('should refuse %j', (value) => {
    expect(refused(optionalCursor('cv', value))).toBe('cv');
  });
});

describe('clientIds', () => {
  it('should accept a list of client ids', () => {
    expect(clientIds('skipClientIds', ['py-1', 'rx-2'])).toEqual(E.right(['py-1', 'rx-2']));
    expect(clientIds('skipClientIds', [])).toEqual(E.right([]));
  });

  it('should refuse the list when one id is invalid', () => {
    expect(refused(clientIds('skipClientIds', ['ok', '']))).toBe('skipClientIds');
  });
});
