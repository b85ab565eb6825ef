/**
 * UTF-16 surrogate-pair hygiene for diff-match-patch diffs.
 *
 * diff-match-patch works on UTF-16 code units, and older clients sent deltas that split a
 * pair (`😀` → `😁` as `=1`, `-1`, `+%ED%B8%81`: keep the shared high surrogate, swap the low
 * one). `keepPairsWhole` moves such halves back into the edits before patches are made from
 * the diffs, so that a fuzzy patch never moves half a character.
 */
import { DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT, type Diff } from '@sanity/diff-match-patch';

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Replaces every lone surrogate with U+FFFD; well-formed text is returned unchanged. */
export const toWellFormed = (text: string): string => {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHigh(code) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      i++;
    } else if (isHigh(code) || isLow(code)) {
      out += text.slice(start, i) + '\ufffd';
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
};

/** Whether `text` holds a surrogate that is not part of a pair. */
export const hasLoneSurrogate = (text: string): boolean => toWellFormed(text) !== text;

type Segment = { kind: 'equal'; text: string } | { kind: 'edit'; del: string; ins: string };

const group = (diffs: ReadonlyArray<Diff>): Segment[] => {
  const segments: Segment[] = [];
  for (const [op, text] of diffs) {
    if (text === '') continue;
    const last = segments[segments.length - 1];
    if (op === DIFF_EQUAL) {
      if (last?.kind === 'equal') last.text += text;
      else segments.push({ kind: 'equal', text });
    } else {
      const edit = last?.kind === 'edit' ? last : { kind: 'edit' as const, del: '', ins: '' };
      if (edit !== last) segments.push(edit);
      if (op === DIFF_DELETE) edit.del += text;
      else edit.ins += text;
    }
  }
  return segments;
};

/**
 * Rewrites diffs so that no equality starts with a low surrogate or ends with a high one next
 * to an edit: the half moves into the neighbouring delete and insert. Both texts the diffs
 * describe are unchanged; deletes come before inserts within each edit.
 */
export const keepPairsWhole = (diffs: ReadonlyArray<Diff>): Diff[] => {
  const segments = group(diffs);
  segments.forEach((segment, i) => {
    if (segment.kind !== 'equal') return;
    const prev = segments[i - 1];
    const next = segments[i + 1];
    if (prev?.kind === 'edit' && isLow(segment.text.charCodeAt(0))) {
      prev.del += segment.text.charAt(0);
      prev.ins += segment.text.charAt(0);
      segment.text = segment.text.slice(1);
    }
    const lastChar = segment.text.charAt(segment.text.length - 1);
    if (next?.kind === 'edit' && segment.text !== '' && isHigh(lastChar.charCodeAt(0))) {
      next.del = lastChar + next.del;
      next.ins = lastChar + next.ins;
      segment.text = segment.text.slice(0, -1);
    }
  });
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (segment.kind === 'equal' && segment.text === '') continue;
    if (segment.kind === 'edit' && last?.kind === 'edit') {
      // Two edits met across an emptied equality.
      last.del += segment.del;
      last.ins += segment.ins;
    } else {
      merged.push(segment);
    }
  }
  return merged.flatMap((segment): Diff[] => {
    if (segment.kind === 'equal') return [[DIFF_EQUAL, segment.text]];
    const out: Diff[] = [];
    if (segment.del !== '') out.push([DIFF_DELETE, segment.del]);
    if (segment.ins !== '') out.push([DIFF_INSERT, segment.ins]);
    return out;
  });
};
