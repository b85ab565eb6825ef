/**
 * Fuzzy patching, used when rebasing one text edit over another (docs/jsondiff.md, "Text over
 * text").
 */
import { applyPatches, makePatches, type Diff } from '@sanity/diff-match-patch';
import { codePointMap } from './code-points.js';
import { fromDelta } from './delta.js';
import { keepPairsWhole, toWellFormed } from './surrogates.js';

/** UTF-8 byte length of surrogate-free text. */
const utf8Length = (text: string): number => {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  return bytes;
};

/**
 * Applies the edit `delta` makes to `base` onto `target`, a text that may differ from `base`:
 * `patch_make(base, diffs)` then a fuzzy `patch_apply` on `target`, with diff-match-patch's
 * defaults (match threshold 0.5, match distance 1000, margin 4, delete threshold 0.5). Patches
 * that find no place are dropped. The result is well-formed UTF-16.
 *
 * Two adaptations to `@sanity/diff-match-patch`: the texts are patched over code points (see
 * `code-points.ts`), so a fuzzy match never lands between the halves of a pair; and since its
 * `applyPatches` reads a patch's start as a UTF-8 byte offset into the patched text while
 * `makePatches` records code units, each start is rewritten as the byte offset of that
 * position in `target`, so that the matcher searches where diff-match-patch would (without
 * this, patches far into a non-ASCII text miss even an unchanged text).
 *
 * @throws JsonDiffError `bad-delta` when `delta` does not fit `base`.
 */
export const patchText = (base: string, delta: string, target: string): string => {
  const diffs = keepPairsWhole(fromDelta(base, delta));
  const map = codePointMap([base, target, ...diffs.map(([, text]) => text)]);
  if (map === undefined) return target;
  const encoded = diffs.map(([op, text]): Diff => [op, map.encode(text)]);
  const patches = makePatches(map.encode(base), encoded);
  const text = map.encode(target);
  for (const patch of patches) {
    const start = utf8Length(text.slice(0, Math.min(patch.start2, text.length)));
    patch.start1 = start;
    patch.start2 = start;
  }
  const [patched] = applyPatches(patches, text, {
    margin: 4,
    deleteThreshold: 0.5,
    allowExceedingIndices: true,
  });
  return toWellFormed(map.decode(patched));
};
