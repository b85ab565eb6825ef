import fc from 'fast-check';
import {
  DIFF_DELETE,
  DIFF_EQUAL,
  DIFF_INSERT,
  makeDiff,
  type Diff,
} from '@sanity/diff-match-patch';
import { codePointDiff, codePointMap } from '../../lib/jsondiff/code-points';
import { hasLoneSurrogate } from '../../lib/jsondiff/surrogates';
import { ALL_BMP, textPair } from '../support/jsondiff-arbitraries';

const side = (diffs: ReadonlyArray<Diff>, skip: number): string =>
  diffs.flatMap(([op, text]) => (op === skip ? [] : [text])).join('');

const allBmp = ALL_BMP;

describe('codePointMap', () => {
  it('should swap astral characters and lone halves for unused BMP characters, reversibly', () => {
    const texts = ['a😀\ue000', '\ud83d👍🏽'];
    const map = codePointMap(texts);
    expect(map).toBeDefined();
    for (const text of texts) {
      const encoded = map?.encode(text) ?? '';
      expect(encoded).not.toMatch(/[\ud800-\udfff]/);
      expect(map?.decode(encoded)).toBe(text);
    }
    // One character per code point, and the private-use character in use is not reused.
    expect(map?.encode('😀').length).toBe(1);
    expect(map?.encode('😀')).not.toBe('\ue000');
  });

  it('should give up when no placeholder is left', () => {
    expect(codePointMap([allBmp, '😀'])).toBeUndefined();
    expect(codePointMap([allBmp])).toBeDefined();
  });
});

describe('codePointDiff', () => {
  it('should describe texts the diff library misdescribes', () => {
    expect(makeDiff('𖭓', '𖠀𜽓')).toEqual([
      [DIFF_INSERT, '𖠀'],
      [DIFF_EQUAL, '𜽓'],
    ]);
    const diffs = codePointDiff('𖭓', '𖠀𜽓');
    expect(side(diffs, DIFF_INSERT)).toBe('𖭓');
    expect(side(diffs, DIFF_DELETE)).toBe('𖠀𜽓');
  });

  it('should fall back to delete-and-insert when placeholders run out', () => {
    expect(codePointDiff(allBmp, allBmp + '😀')).toEqual([
      [DIFF_DELETE, allBmp],
      [DIFF_INSERT, allBmp + '😀'],
    ]);
    expect(codePointDiff('😀', '😀')).toEqual([[DIFF_EQUAL, '😀']]);
  });

  it('should describe both texts and never split a pair (property)', () => {
    fc.assert(
      fc.property(textPair(), ([a, b]) => {
        const diffs = codePointDiff(a, b);
        expect(side(diffs, DIFF_INSERT)).toBe(a);
        expect(side(diffs, DIFF_DELETE)).toBe(b);
        for (const [, text] of diffs) expect(hasLoneSurrogate(text)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
