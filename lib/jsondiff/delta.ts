/**
 * diff-match-patch delta strings (docs/jsondiff.md, "Delta strings"): tab-separated `=N`
 * (keep), `-N` (delete) and `+text` (insert) tokens, N counted in UTF-16 code units, insert text
 * percent-encoded like `encodeURI` with `%20` written as a space.
 *
 * Encoding never emits a lone surrogate. Decoding is lenient: any `%XX` run is read as UTF-8,
 * surrogate halves encoded on their own (as older clients do when they split a pair) decode to
 * that code unit so that they can pair up with their neighbour, invalid bytes become U+FFFD
 * and a `%` that starts no escape is kept as is.
 */
import { DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT, type Diff } from '@sanity/diff-match-patch';
import { JsonDiffError } from './errors.js';
import { toWellFormed } from './surrogates.js';

const encodeInsert = (text: string): string => encodeURI(toWellFormed(text)).replace(/%20/g, ' ');

/** Serialises diffs as a delta string. */
export const toDelta = (diffs: ReadonlyArray<Diff>): string =>
  diffs
    .map(([op, text]) =>
      op === DIFF_INSERT
        ? '+' + encodeInsert(text)
        : (op === DIFF_DELETE ? '-' : '=') + text.length,
    )
    .join('\t');

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** How many bytes a UTF-8 sequence starting with `lead` spans, 0 when `lead` cannot start one. */
const sequenceLength = (lead: number): number => {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xf0 && lead < 0xf5) return 4;
  return 0;
};

const LEAD_BITS = [0, 0x7f, 0x1f, 0x0f, 0x07];
const SMALLEST = [0, 0, 0x80, 0x800, 0x10000];

/** Decodes UTF-8, letting encoded surrogate halves through as code units. */
const decodeUtf8 = (bytes: ReadonlyArray<number>): string => {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const size = sequenceLength(lead);
    let code = lead & (LEAD_BITS[size] ?? 0);
    let ok = size > 0 && i + size <= bytes.length;
    for (let k = 1; ok && k < size; k++) {
      const next = bytes[i + k] ?? 0;
      ok = (next & 0xc0) === 0x80;
      code = (code << 6) | (next & 0x3f);
    }
    if (ok && code >= (SMALLEST[size] ?? 0) && code <= 0x10ffff) {
      // A surrogate half decodes to its own code unit; toWellFormed repairs what stays alone.
      out += String.fromCodePoint(code);
      i += size;
    } else {
      out += '\ufffd';
      i += 1;
    }
  }
  return out;
};

/** Percent-decodes insert text leniently (never throws). */
export const decodeInsert = (text: string): string => {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const bytes: number[] = [];
    while (
      text.charAt(i) === '%' &&
      isHex(text.charCodeAt(i + 1)) &&
      isHex(text.charCodeAt(i + 2))
    ) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    }
    if (bytes.length > 0) {
      out += decodeUtf8(bytes);
    } else {
      out += text.charAt(i);
      i += 1;
    }
  }
  return out;
};

/**
 * Rebuilds the diffs a delta describes against `text`.
 *
 * @throws JsonDiffError `bad-delta` when a token is malformed or the kept and deleted lengths do
 *   not add up to the length of `text`.
 */
export const fromDelta = (text: string, delta: string): Diff[] => {
  const diffs: Diff[] = [];
  let covered = 0;
  for (const token of delta.split('\t')) {
    const op = token.charAt(0);
    const param = token.slice(1);
    if (op === '+') {
      diffs.push([DIFF_INSERT, decodeInsert(param)]);
    } else if (op === '=' || op === '-') {
      if (!/^\d{1,15}$/.test(param)) throw badToken(token);
      const n = Number(param);
      diffs.push([op === '=' ? DIFF_EQUAL : DIFF_DELETE, text.slice(covered, covered + n)]);
      covered += n;
    } else if (token !== '') {
      // Blank tokens (from a trailing tab) are allowed, as in diff-match-patch.
      throw badToken(token);
    }
  }
  if (covered !== text.length) {
    throw new JsonDiffError(
      'bad-delta',
      `delta spans ${covered} code units but the text has ${text.length}`,
    );
  }
  return diffs;
};

const badToken = (token: string): JsonDiffError =>
  new JsonDiffError('bad-delta', `malformed delta token ${JSON.stringify(token.slice(0, 24))}`);
