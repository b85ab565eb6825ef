import {
  cleanupEfficiency,
  DIFF_DELETE,
  DIFF_EQUAL,
  DIFF_INSERT,
  makeDiff,
} from '@sanity/diff-match-patch';
import { hasLoneSurrogate, keepPairsWhole, toWellFormed } from '../../lib/jsondiff/surrogates';

describe('toWellFormed', () => {
  it('should keep pairs and replace lone halves with U+FFFD', () => {
    expect(toWellFormed('a😀b')).toBe('a😀b');
    expect(toWellFormed('\ud83d')).toBe('\ufffd');
    expect(toWellFormed('x\ude00y\ud83d')).toBe('x\ufffdy\ufffd');
    expect(toWellFormed('\ude00\ud83d')).toBe('\ufffd\ufffd');
  });
});

describe('hasLoneSurrogate', () => {
  it('should find lone halves only', () => {
    expect(hasLoneSurrogate('😀👍🏽')).toBe(false);
    expect(hasLoneSurrogate('a\ud83d')).toBe(true);
  });
});

describe('keepPairsWhole', () => {
  it('should be needed: the diff library can split a pair shared by an edit', () => {
    const raw = makeDiff('a😀😁😂b', 'a😂😁😀b');
    const split = cleanupEfficiency(raw).some(([, text]) => hasLoneSurrogate(text));
    expect(split).toBe(true);
  });

  it('should move a shared high surrogate into the delete and the insert', () => {
    expect(
      keepPairsWhole([
        [DIFF_EQUAL, 'x\ud83d'],
        [DIFF_DELETE, '\ude00'],
        [DIFF_INSERT, '\ude01'],
        [DIFF_EQUAL, 'y'],
      ]),
    ).toEqual([
      [DIFF_EQUAL, 'x'],
      [DIFF_DELETE, '😀'],
      [DIFF_INSERT, '😁'],
      [DIFF_EQUAL, 'y'],
    ]);
  });

  it('should move a low surrogate at the start of an equality into the edit before it', () => {
    expect(
      keepPairsWhole([
        [DIFF_INSERT, 'z\ud83d'],
        [DIFF_DELETE, '\ud83d'],
        [DIFF_EQUAL, '\ude00b'],
      ]),
    ).toEqual([
      [DIFF_DELETE, '😀'],
      [DIFF_INSERT, 'z😀'],
      [DIFF_EQUAL, 'b'],
    ]);
  });

  it('should merge edits that meet when an equality empties', () => {
    expect(
      keepPairsWhole([
        [DIFF_DELETE, 'a\ud83d'],
        [DIFF_EQUAL, '\ude00'],
        [DIFF_INSERT, 'b'],
        [DIFF_EQUAL, ''],
        [DIFF_EQUAL, 'c'],
      ]),
    ).toEqual([
      [DIFF_DELETE, 'a😀'],
      [DIFF_INSERT, '\ude00b'],
      [DIFF_EQUAL, 'c'],
    ]);
  });

  it('should leave well-formed diffs as they are', () => {
    const diffs = [
      [DIFF_EQUAL, '😀'],
      [DIFF_DELETE, 'a'],
      [DIFF_INSERT, '😁'],
    ] as Array<[-1 | 0 | 1, string]>;
    expect(keepPairsWhole(diffs)).toEqual(diffs);
  });
});
