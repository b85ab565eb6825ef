import { isPrintable } from '../../../lib/server/domain/printable';

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
