/**
 * fast-check arbitraries for jsondiff properties: JSON objects with hostile strings, and
 * pairs of texts close enough to make interesting diffs.
 */
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../lib/jsondiff';

/** Pieces that stress UTF-16 handling: pairs sharing a high surrogate, ZWJ sequences, marks, RTL. */
export const TRICKY_PIECES = [
  '😀',
  '😁',
  '😂',
  '👍🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  'e\u0301',
  'ñ',
  'שלום',
  'مرحبا',
  '\u200f',
  '字',
  '𝔘',
  'a',
  'b',
  ' ',
  '\n',
  '\t',
  '%',
  '%20',
  '+',
  '#',
];

/** Any well-formed text: printable graphemes, any code point, or tricky pieces. */
export const anyText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.array(fc.constantFrom(...TRICKY_PIECES), { maxLength: 20 }).map((parts) => parts.join('')),
  );

type Edit = readonly [number, string, boolean];

const edits = (): fc.Arbitrary<Edit[]> =>
  fc.array(fc.tuple(fc.nat(12), fc.constantFrom(...TRICKY_PIECES), fc.boolean()), {
    maxLength: 4,
  });

/** Applies piece-level edits (insert or remove one piece each) and joins the pieces. */
const edited = (parts: ReadonlyArray<string>, changes: ReadonlyArray<Edit>): string => {
  const out = parts.slice();
  for (const [at, piece, remove] of changes) {
    if (remove) out.splice(at % (out.length || 1), 1);
    else out.splice(at % (out.length + 1), 0, piece);
  }
  return out.join('');
};

const pieces = (): fc.Arbitrary<string[]> =>
  fc.array(fc.constantFrom(...TRICKY_PIECES.slice(0, 8)), { maxLength: 12 });

/** Two texts with a lot in common (one is a piece-level edit of the other), or unrelated ones. */
export const textPair = (): fc.Arbitrary<readonly [string, string]> =>
  fc.oneof(
    fc.tuple(anyText(), anyText()),
    fc.tuple(pieces(), edits()).map(([parts, e]) => [parts.join(''), edited(parts, e)] as const),
  );

/** A base text and two independent edits of it: `[base, local, remote]`. */
export const textTriple = (): fc.Arbitrary<readonly [string, string, string]> =>
  fc.oneof(
    fc.tuple(anyText(), anyText(), anyText()),
    fc
      .tuple(pieces(), edits(), edits())
      .map(
        ([parts, mine, theirs]) =>
          [parts.join(''), edited(parts, mine), edited(parts, theirs)] as const,
      ),
  );

const key = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'title', '__proto__', 'constructor', 'toString', ''),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );

/** JSON values whose strings may hold any code point or grapheme. */
export const jsonValue = (): fc.Arbitrary<JsonValue> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    anyText(),
  ) as fc.Arbitrary<JsonValue>;

/** JSON objects drawing keys from a small pool, so that two of them share keys. */
export const jsonObject = (): fc.Arbitrary<JsonObject> =>
  fc.dictionary(key(), jsonValue(), { maxKeys: 6 });

/** Two objects that share keys, with values that are often of the same type. */
export const objectPair = (): fc.Arbitrary<readonly [JsonObject, JsonObject]> =>
  fc.oneof(
    fc.tuple(jsonObject(), jsonObject()),
    fc
      .tuple(jsonObject(), fc.dictionary(key(), textPair(), { maxKeys: 4 }))
      .map(([rest, texts]) => {
        const a: JsonObject = { ...rest };
        const b: JsonObject = { ...rest };
        for (const k of Object.keys(texts)) {
          const pair = texts[k];
          if (pair === undefined) continue;
          Object.defineProperty(a, k, {
            value: { t: pair[0] },
            enumerable: true,
            writable: true,
            configurable: true,
          });
          Object.defineProperty(b, k, {
            value: { t: pair[1] },
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return [a, b] as const;
      }),
  );

/** Every BMP character that is not a surrogate: a text that leaves no placeholder free. */
export const ALL_BMP = Array.from({ length: 0x10000 }, (_, code) => code)
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCharCode(code))
  .join('');
