/**
 * Fuzzy patching, used when rebasing one text edit over another (§8.4).
 */
import { applyPatches, makePatches } from '@sanity/diff-match-patch';
import { fromDelta } from './delta';
import { keepPairsWhole, toWellFormed } from './surrogates';

/** UTF-8 byte length, counting a lone surrogate as three bytes as the patch library does. */
const utf8Length = (text: string): number => {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
};

/**
 * Applies the edit `delta` makes to `base` onto `target`, a text that may differ from `base`:
 * `patch_make(base, diffs)` then a fuzzy `patch_apply` on `target`, with diff-match-patch's
 * defaults (match threshold 0.5, match distance 1000, margin 4, delete threshold 0.5). Patches
 * that find no place are dropped. The result is well-formed UTF-16.
 *
 * `@sanity/diff-match-patch` reads a patch's start as a UTF-8 byte offset into the text being
 * patched, while `makePatches` records it in code units; each start is rewritten as the byte
 * offset of that code-unit position in `target`, so that the matcher searches where
 * diff-match-patch would (without this, patches in long non-ASCII texts miss even an
 * unchanged text).
 *
 * @throws JsonDiffError `bad-delta` when `delta` does not fit `base`.
 */
export const patchText = (base: string, delta: string, target: string): string => {
  const patches = makePatches(base, keepPairsWhole(fromDelta(base, delta)));
  for (const patch of patches) {
    const start = utf8Length(target.slice(0, Math.min(patch.start2, target.length)));
    patch.start1 = start;
    patch.start2 = start;
  }
  const [patched] = applyPatches(patches, target, {
    margin: 4,
    deleteThreshold: 0.5,
    allowExceedingIndices: true,
  });
  return toWellFormed(patched);
};
