/**
 * String diffs (`d` operations): diff-match-patch deltas over UTF-16 code units.
 *
 * @since 0.1.0
 */
import { DIFF_DELETE } from '@sanity/diff-match-patch';
import { codePointDiff } from './code-points.js';
import { fromDelta, toDelta } from './delta.js';
import { toWellFormed } from './surrogates.js';

/**
 * The delta that turns `a` into `b`, as Simperium clients compute it: `diff_main`, then
 * `diff_cleanupEfficiency` when there are more than two diff tuples, then `diff_toDelta`.
 * Lengths count UTF-16 code units; the diff runs over code points, so a surrogate pair is
 * never split across tokens (see `code-points.ts`), and the
 * inserted text never encodes a lone surrogate (one in `b` is sent as U+FFFD). Equal texts
 * give a single keep token (`"=N"`), or `""` when both are empty.
 *
 * @example diffText('a😀b', 'a😀bc') // '=4\t+c'
 * @since 0.1.0
 */
export function diffText(a: string, b: string): string {
  return toDelta(codePointDiff(a, b));
}

/**
 * Applies a delta to the text it was computed against. Decoding is lenient (surrogate halves
 * escaped one at a time pair up again; a half left alone becomes U+FFFD), so the result is
 * always well-formed UTF-16.
 *
 * Simperium clients build the diffs from the delta against the current text and then run
 * diff-match-patch's `patch_make` and `patch_apply` on that same text. Patches made from a text
 * always match that text exactly at their own location, so that amounts to keeping the kept
 * and inserted pieces in order, which is what this does, without the fuzzy matcher's cost.
 *
 * @throws JsonDiffError `bad-delta` when a token is malformed or the delta's kept and deleted
 *   lengths do not add up to the length of `text`.
 * @since 0.1.0
 */
export function applyText(text: string, delta: string): string {
  const pieces = fromDelta(text, delta)
    .filter(([op]) => op !== DIFF_DELETE)
    .map(([, piece]) => piece);
  return toWellFormed(pieces.join(''));
}
