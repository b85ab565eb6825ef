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

const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;

/** Yields BMP characters absent from `used`, private-use ones first. */
function* unusedCharacters(used: ReadonlySet<string>): Generator<string> {
  const ranges: ReadonlyArray<readonly [number, number]> = [
    [0xe000, 0xf8ff],
    [0x0100, 0xd7ff],
    [0xf900, 0xfffd],
  ];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCharCode(code);
      if (!used.has(char)) yield char;
    }
  }
}

/** A reversible rewrite of texts into surrogate-free text, one character per code point. */
export interface CodePointMap {
  readonly encode: (text: string) => string;
  readonly decode: (text: string) => string;
}

const rewrite = (map: ReadonlyMap<string, string>) => (text: string) =>
  map.size === 0 ? text : Array.from(text, (char) => map.get(char) ?? char).join('');

/**
 * The map for a set of texts, or `undefined` in the (theoretical) case where the texts use
 * too many distinct characters to leave enough placeholders.
 */
export const codePointMap = (texts: ReadonlyArray<string>): CodePointMap | undefined => {
  const used = new Set<string>();
  const astral = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      if (char.length === 1 && !isSurrogate(char.charCodeAt(0))) used.add(char);
      else astral.add(char);
    }
  }
  const encode = new Map<string, string>();
  const decode = new Map<string, string>();
  const pool = unusedCharacters(used);
  for (const char of astral) {
    const next = pool.next();
    if (next.done === true) return undefined;
    encode.set(char, next.value);
    decode.set(next.value, char);
  }
  return { encode: rewrite(encode), decode: rewrite(decode) };
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
