import { BoundedTexts } from '../../../lib/server/domain/answer-bound';

describe('BoundedTexts', () => {
  it('should take texts up to the count', () => {
    const out = new BoundedTexts({ count: 2, bytes: 1000 });
    expect([out.add('1'), out.add('2'), out.add('3')]).toEqual([true, true, false]);
    expect(out.full).toBe(true);
    expect(out.json()).toBe('[1,2]');
  });

  it('should stop before the bytes would pass the bound, counting brackets and commas', () => {
    // "[aaaa,bbbb]" is 11 bytes.
    const fits = new BoundedTexts({ count: 10, bytes: 11 });
    expect([fits.add('aaaa'), fits.add('bbbb'), fits.add('c')]).toEqual([true, true, false]);
    const tight = new BoundedTexts({ count: 10, bytes: 10 });
    expect([tight.add('aaaa'), tight.add('bbbb')]).toEqual([true, false]);
    expect(tight.json()).toBe('[aaaa]');
  });

  it('should count UTF-8 bytes, not UTF-16 code units', () => {
    const out = new BoundedTexts({ count: 10, bytes: 8 });
    expect([out.add('"é"'), out.add('"€"')]).toEqual([true, false]);
  });

  it('should always take the first text, however large', () => {
    const out = new BoundedTexts({ count: 10, bytes: 4 });
    expect([out.add('x'.repeat(100)), out.add('y')]).toEqual([true, false]);
    expect(out.texts).toHaveLength(1);
  });
});
