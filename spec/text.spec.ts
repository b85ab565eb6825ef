import { hasControlCharacter, hasLoneSurrogate, isPrintable } from '../lib/text';

describe('text rules', () => {
  it.each([['plain'], [''], ['ünïcødé'], ['👩‍👩‍👧 family'], ['\u{1F1EB}\u{1F1F7}']])(
    'should find %j printable',
    (text) => {
      expect(isPrintable(text)).toBe(true);
    },
  );

  it.each([['a\u0000b'], ['tab\t'], ['del\u007f'], ['c1\u0085']])(
    'should find the control character in %j',
    (text) => {
      expect(hasControlCharacter(text)).toBe(true);
      expect(isPrintable(text)).toBe(false);
    },
  );

  it.each([['\uD800'], ['a\uDC00'], ['\uDBFF\uDBFF\uDC00x'], ['x\uD83D']])(
    'should find the lone surrogate in %j',
    (text) => {
      expect(hasLoneSurrogate(text)).toBe(true);
      expect(isPrintable(text)).toBe(false);
    },
  );

  it('should not take a surrogate pair for a lone one', () => {
    expect(hasLoneSurrogate('\uD83D\uDE00')).toBe(false);
  });
});

describe('isPrintable', () => {
  it.each([
    ['plain text', 'joe@example.com'],
    ['the empty text', ''],
    ['emoji (surrogate pairs)', 'a😀b👨‍👩‍👧'],
    ['combining marks and right-to-left text', 'cafe\u0301 שלום'],
    ['a non-breaking space, just above the C1 range', 'a\u00a0b'],
  ])('should accept %s', (_name, text) => {
    expect(isPrintable(text)).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['an escape', '\u001b[31m'],
    ['a DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\uD83Db'],
    ['a high surrogate at the end', 'a\uD83D'],
    ['a lone low surrogate', '\uDE00a'],
    ['two high surrogates', '\uD83D\uD83D\uDE00'],
  ])('should refuse %s', (_name, text) => {
    expect(isPrintable(text)).toBe(false);
  });
});
