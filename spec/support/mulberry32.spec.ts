import { mulberry32 } from './mulberry32';

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe('mulberry32', () => {
  it('should give the same sequence for the same seed', () => {
    expect(take(mulberry32(42), 20)).toEqual(take(mulberry32(42), 20));
  });

  it('should give another sequence for another seed', () => {
    expect(take(mulberry32(42), 20)).not.toEqual(take(mulberry32(43), 20));
  });

  it('should match the reference implementation', () => {
    // First outputs of the published mulberry32 for seed 1.
    expect(take(mulberry32(1), 3)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('should stay within [0, 1) and spread over it', () => {
    const values = take(mulberry32(7), 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const low = values.filter((v) => v < 0.5).length;
    expect(low).toBeGreaterThan(4_700);
    expect(low).toBeLessThan(5_300);
  });
});
