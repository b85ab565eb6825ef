/**
 * Running diff-match-patch over code points rather than UTF-16 code units.
 *
 * `@sanity/diff-match-patch` 3.2.1 diffs code units and then tries to move split surrogate
 * pairs back together; in some cases that repair yields diffs that no longer describe the
 * input (`'𖭓'` → `'𖠀𜽓'` comes out as insert `𖠀`, keep `𜽓`), and its `cleanupEfficiency` can
 * split a pair again. Swapping every astral code point (and every lone surrogate) for a BMP
 * character that occurs in none of the texts means the library never sees a surrogate; the
 * swap is undone on its output, so no piece of text it returns can split a pair.
 */
import {
  cleanupEfficiency,
  DIFF_DELETE,
  DIFF_EQUAL,
  DIFF_INSERT,
  makeDiff,
  type Diff,
} from '@sanity/diff-match-patch';

/** A surrogate pair, or a surrogate half on its own. */
const ASTRAL = /[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g;

/** BMP ranges placeholders are drawn from, private-use ones first (none holds a surrogate). */
const PLACEHOLDER_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xe000, 0xf8ff],
  [0x0100, 0xd7ff],
  [0xf900, 0xfffd],
];

/** Yields the BMP characters no text uses. */
function* unusedCharacters(texts: ReadonlyArray<string>): Generator<string> {
  const used = new Uint8Array(0x10000);
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) used[text.charCodeAt(i)] = 1;
  }
  for (const [from, to] of PLACEHOLDER_RANGES) {
    for (let code = from; code <= to; code++) {
      if (used[code] === 0) yield String.fromCharCode(code);
    }
  }
}

/** A reversible rewrite of texts into surrogate-free text, one character per code point. */
export interface CodePointMap {
  readonly encode: (text: string) => string;
  readonly decode: (text: string) => string;
}

const IDENTITY: CodePointMap = { encode: (text) => text, decode: (text) => text };

/**
 * The map for a set of texts, or `undefined` in the (theoretical) case where the texts use
 * too many distinct characters to leave enough placeholders.
 */
export const codePointMap = (texts: ReadonlyArray<string>): CodePointMap | undefined => {
  const astral = new Set<string>();
  for (const text of texts) {
    for (const [char] of text.matchAll(ASTRAL)) astral.add(char);
  }
  if (astral.size === 0) return IDENTITY;
  const toPlaceholder = new Map<string, string>();
  const fromPlaceholder = new Map<string, string>();
  const pool = unusedCharacters(texts);
  for (const char of astral) {
    const next = pool.next();
    if (next.done === true) return undefined;
    toPlaceholder.set(char, next.value);
    fromPlaceholder.set(next.value, char);
  }
  // Placeholders are all above U+00FF, so none is special inside a character class.
  const placeholder = new RegExp(`[${[...fromPlaceholder.keys()].join('')}]`, 'g');
  return {
    encode: (text) => text.replace(ASTRAL, (char) => toPlaceholder.get(char) ?? char),
    decode: (text) => text.replace(placeholder, (char) => fromPlaceholder.get(char) ?? char),
  };
};

const side = (diffs: ReadonlyArray<Diff>, skip: number): string =>
  diffs.flatMap(([op, text]) => (op === skip ? [] : [text])).join('');

/**
 * The diffs turning `a` into `b`: `diff_main`, then `diff_cleanupEfficiency` when there are
 * more than two tuples, computed over code points. Falls back to deleting `a` and inserting `b`
 * should the diffs ever fail to describe the two texts.
 */
export const codePointDiff = (a: string, b: string): Diff[] => {
  const map = codePointMap([a, b]);
  if (map !== undefined) {
    const raw = makeDiff(map.encode(a), map.encode(b));
    const cleaned = raw.length > 2 ? cleanupEfficiency(raw) : raw;
    const diffs = cleaned.map(([op, text]): Diff => [op, map.decode(text)]);
    if (side(diffs, DIFF_INSERT) === a && side(diffs, DIFF_DELETE) === b) return diffs;
  }
  if (a === b) return a === '' ? [] : [[DIFF_EQUAL, a]];
  const whole: Diff[] = [];
  if (a !== '') whole.push([DIFF_DELETE, a]);
  if (b !== '') whole.push([DIFF_INSERT, b]);
  return whole;
};
