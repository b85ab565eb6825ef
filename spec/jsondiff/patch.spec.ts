import fc from 'fast-check';
import { applyPatches, makePatches } from '@sanity/diff-match-patch';
import { applyText, diffText } from '../../lib/jsondiff';
import { patchText } from '../../lib/jsondiff/patch';
import { hasLoneSurrogate } from '../../lib/jsondiff/surrogates';
import { ALL_BMP, textPair, textTriple } from '../support/jsondiff-arbitraries';

describe('patchText', () => {
  it('should apply an edit to a text that moved', () => {
    const base = 'The quick brown fox jumps over the lazy dog.';
    const delta = diffText(base, 'The quick brown fox leaps over the lazy dog.');
    const target = 'Yesterday, the quick brown fox jumps over the lazy dog.';
    expect(patchText(base, delta, target)).toBe(
      'Yesterday, the quick brown fox leaps over the lazy dog.',
    );
  });

  it('should drop an edit whose context is gone', () => {
    const base = 'abcdefghijklmnopqrstuvwxyz';
    const delta = diffText(base, 'abcdefghijklm-nopqrstuvwxyz');
    expect(patchText(base, delta, '0123456789')).toBe('0123456789');
  });

  it('should find its place far into a long non-ASCII text', () => {
    const base = '字'.repeat(2000) + 'END';
    const delta = diffText(base, '字'.repeat(2000) + 'FIN');
    // The library alone, given the patches as made, fails even on the unchanged text.
    const patches = makePatches(base, '字'.repeat(2000) + 'FIN');
    expect(applyPatches(patches, base, { allowExceedingIndices: true })[1]).toEqual([false]);
    expect(patchText(base, delta, base)).toBe('字'.repeat(2000) + 'FIN');
    expect(patchText(base, delta, '字' + base)).toBe('字'.repeat(2001) + 'FIN');
  });

  it('should not move half an emoji', () => {
    const base = '😀😀😀 hello 😀😀😀';
    const delta = diffText(base, '😀😀😁 hello 😀😀😀');
    expect(patchText(base, delta, '😀😀😀 hello there 😀😀😀')).toBe('😀😀😁 hello there 😀😀😀');
  });

  it('should repair a delta that splits a pair before patching', () => {
    expect(patchText('😀 x', '=1\t-1\t+%ED%B8%81\t=2', 'y 😀 x')).toBe('y 😁 x');
  });

  it('should leave the target alone when the texts leave no placeholder free', () => {
    const delta = diffText(ALL_BMP, ALL_BMP + 'x');
    expect(patchText(ALL_BMP, delta, '😀' + ALL_BMP)).toBe('😀' + ALL_BMP);
  });

  it('should match applyText on the text the delta was made from (property)', () => {
    fc.assert(
      fc.property(textPair(), ([a, b]) => {
        const delta = diffText(a, b);
        expect(patchText(a, delta, a)).toBe(applyText(a, delta));
      }),
      { numRuns: 300 },
    );
  });

  it('should always return well-formed text (property)', () => {
    fc.assert(
      fc.property(textTriple(), ([base, local, target]) => {
        expect(hasLoneSurrogate(patchText(base, diffText(base, local), target))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
