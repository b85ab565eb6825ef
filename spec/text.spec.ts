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
