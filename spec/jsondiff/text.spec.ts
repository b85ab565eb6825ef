import fc from 'fast-check';
import { applyText, diffText, JsonDiffError } from '../../lib/jsondiff';
import { hasLoneSurrogate } from '../../lib/jsondiff/surrogates';
import { anyText, textPair } from '../support/jsondiff-arbitraries';

const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Whether every `=N`/`-N` boundary of the delta falls between two code points of `a`. */
const keepsPairsWhole = (a: string, delta: string): boolean => {
  let position = 0;
  for (const token of delta.split('\t')) {
    if (token.startsWith('+')) continue;
    position += Number(token.slice(1));
    if (position > 0 && position < a.length && isLow(a.charCodeAt(position))) return false;
  }
  return true;
};

const insertedTexts = (delta: string): string[] =>
  delta
    .split('\t')
    .filter((token) => token.startsWith('+'))
    .map((token) => decodeURI(token.slice(1)));

const badDelta = (text: string, delta: string): JsonDiffError => {
  try {
    applyText(text, delta);
  } catch (e) {
    return e as JsonDiffError;
  }
  throw new Error('applyText did not throw');
};

describe('diffText', () => {
  it('should delete then insert for a one-character change', () => {
    expect(diffText('b', 'c')).toBe('-1\t+c');
  });

  it('should count UTF-16 code units: "a😀b" → "a😀bc" is =4 +c', () => {
    expect(diffText('a😀b', 'a😀bc')).toBe('=4\t+c');
  });

  it('should insert an emoji as its UTF-8 escape', () => {
    expect(diffText('ab', 'a😀b')).toBe('=1\t+%F0%9F%98%80\t=1');
  });

  it('should delete an emoji as two code units', () => {
    expect(diffText('a😀b', 'ab')).toBe('=1\t-2\t=1');
  });

  it('should not split the high surrogate two emoji share', () => {
    expect(diffText('😀', '😁')).toBe('-2\t+%F0%9F%98%81');
    expect(diffText('x😀y😀z', 'x😁y😂z')).toBe('=1\t-5\t+%F0%9F%98%81y%F0%9F%98%82\t=1');
  });

  it('should keep pairs whole where diff cleanup would split them', () => {
    const delta = diffText('a😀😁😂b', 'a😂😁😀b');
    // Raw diff cleanup would share "\ud83d" between the delete and the insert.
    expect(delta).toBe('=1\t-4\t=2\t+%F0%9F%98%81%F0%9F%98%80\t=1');
  });

  it('should describe both texts where the diff library loses track of pairs', () => {
    // @sanity/diff-match-patch 3.2.1 diffs these two as insert "𖠀", keep "𜽓".
    expect(diffText('𖭓', '𖠀𜽓')).toBe('-2\t+%F0%96%A0%80%F0%9C%BD%93');
    expect(applyText('𖭓', diffText('𖭓', '𖠀𜽓'))).toBe('𖠀𜽓');
  });

  it('should write spaces as spaces and escape like encodeURI otherwise', () => {
    expect(diffText('', ' wörld\t%')).toBe('+ w%C3%B6rld%09%25');
    expect(diffText('', ";,/?:@&=+$-_.!~*'()#")).toBe("+;,/?:@&=+$-_.!~*'()#");
  });

  it('should give a keep token for equal texts and nothing for two empty ones', () => {
    expect(diffText('same', 'same')).toBe('=4');
    expect(diffText('', '')).toBe('');
  });

  it('should never encode a lone surrogate, sending U+FFFD instead', () => {
    const delta = diffText('a', 'a\ud83d');
    expect(delta).toBe('=1\t+%EF%BF%BD');
    expect(applyText('a', delta)).toBe('a\ufffd');
  });

  it('should round-trip text full of emoji, combining marks and right-to-left script', () => {
    const a = 'שלום 👨‍👩‍👧 cafe\u0301 مرحبا 🇫🇷 👍🏽 𝔘';
    const b = 'שלום! 👨‍👩‍👦 café مرحبا بك 🇩🇪 👍🏿 𝔘𝔙';
    expect(applyText(a, diffText(a, b))).toBe(b);
    expect(applyText(b, diffText(b, a))).toBe(a);
  });

  it('should produce deltas that apply back to the target (property)', () => {
    fc.assert(
      fc.property(textPair(), ([a, b]) => applyText(a, diffText(a, b)) === b),
      { numRuns: 500 },
    );
  });

  it('should never split a pair nor insert a lone surrogate (property)', () => {
    fc.assert(
      fc.property(textPair(), ([a, b]) => {
        const delta = diffText(a, b);
        expect(keepsPairsWhole(a, delta)).toBe(true);
        // decodeURI throws on an escaped lone surrogate, so this also checks the escapes.
        for (const inserted of insertedTexts(delta)) expect(hasLoneSurrogate(inserted)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('applyText', () => {
  it('should apply keep, delete and insert tokens', () => {
    expect(applyText('Hello world', '-5\t+Goodbye\t=6')).toBe('Goodbye world');
  });

  it('should accept a trailing tab', () => {
    expect(applyText('ab', '=2\t+c\t')).toBe('abc');
  });

  it('should decode insert escapes, spaces and Python-style reserved escapes', () => {
    expect(applyText('', '+ w%C3%B6rld%09%25%23')).toBe(' wörld\t%#');
  });

  it('should rejoin a pair an older client split across tokens', () => {
    // "😀" → "😁" diffed per code unit: keep the high surrogate, swap the low one.
    expect(applyText('😀', '=1\t-1\t+%ED%B8%81')).toBe('😁');
  });

  it('should decode a pair escaped as two surrogate halves (CESU-8)', () => {
    expect(applyText('', '+%ED%A0%BD%ED%B8%80')).toBe('😀');
  });

  it('should turn a surrogate half left alone into U+FFFD rather than throw', () => {
    expect(applyText('x', '=1\t+%ED%A0%BD')).toBe('x\ufffd');
    expect(hasLoneSurrogate(applyText('😀', '=1\t-1'))).toBe(false);
  });

  it('should decode invalid UTF-8 leniently and keep a stray percent sign', () => {
    expect(applyText('', '+%FF%C3')).toBe('\ufffd\ufffd');
    expect(applyText('', '+%E2%82')).toBe('\ufffd\ufffd');
    expect(applyText('', '+%C0%AF')).toBe('\ufffd\ufffd');
    expect(applyText('', '+100%zz%4')).toBe('100%zz%4');
  });

  it('should throw bad-delta when the delta spans fewer code units than the text', () => {
    const error = badDelta('abcd', '=3\t+c');
    expect(error).toBeInstanceOf(JsonDiffError);
    expect(error.code).toBe('bad-delta');
    expect(error.message).toMatch(/spans 3 code units but the text has 4/);
  });

  it('should throw bad-delta when the delta spans more code units than the text', () => {
    expect(badDelta('abc', '=2\t-5').code).toBe('bad-delta');
  });

  it('should throw bad-delta on code points counted as one unit (the 440 bug)', () => {
    expect(badDelta('a😀b', '=3\t+c').code).toBe('bad-delta');
  });

  it.each([['x3'], ['=abc'], ['=-1'], ['=1.5'], ['= 1'], ['*1']])(
    'should throw bad-delta on the malformed token %j',
    (token) => {
      expect(badDelta('abc', token).code).toBe('bad-delta');
    },
  );

  it('should never produce a lone surrogate, whatever the delta (property)', () => {
    const token = fc.oneof(
      fc.nat(4).map((n) => '=' + n),
      fc.nat(4).map((n) => '-' + n),
      fc.constantFrom('+%ED%A0%BD', '+%ED%B8%80', '+%F0%9F%98%80', '+\ud83d', '+a'),
    );
    fc.assert(
      fc.property(anyText(), fc.array(token, { maxLength: 6 }), (text, tokens) => {
        try {
          expect(hasLoneSurrogate(applyText(text, tokens.join('\t')))).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonDiffError);
        }
      }),
    );
  });
});
