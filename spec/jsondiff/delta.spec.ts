import { DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT } from '@sanity/diff-match-patch';
import { JsonDiffError } from '../../lib/jsondiff';
import { decodeInsert, fromDelta, toDelta } from '../../lib/jsondiff/delta';

describe('toDelta', () => {
  it('should write keep, delete and insert tokens separated by tabs', () => {
    const diffs = [
      [DIFF_DELETE, 'Hello'],
      [DIFF_INSERT, 'Goodbye'],
      [DIFF_EQUAL, ' world'],
    ] as const;
    expect(toDelta(diffs.map(([op, text]) => [op, text]))).toBe('-5\t+Goodbye\t=6');
  });

  it('should count code units and escape inserts like encodeURI, spaces kept', () => {
    expect(
      toDelta([
        [DIFF_EQUAL, '😀'],
        [DIFF_INSERT, 'a b\t\n%é'],
      ]),
    ).toBe('=2\t+a b%09%0A%25%C3%A9');
  });

  it('should write a lone surrogate as U+FFFD', () => {
    expect(toDelta([[DIFF_INSERT, '\udc00']])).toBe('+%EF%BF%BD');
  });
});

describe('decodeInsert', () => {
  it('should decode UTF-8 escapes of one to four bytes', () => {
    expect(decodeInsert('%41%C3%A9%E2%82%AC%F0%9F%98%80')).toBe('Aé€😀');
  });

  it('should decode every escape, reserved characters included', () => {
    expect(decodeInsert('%23%3B%2F%20+')).toBe('#;/ +');
  });

  it('should let encoded surrogate halves through so that neighbours can pair them', () => {
    expect(decodeInsert('%ED%A0%BD')).toBe('\ud83d');
    expect(decodeInsert('%ED%A0%BD%ED%B8%80')).toBe('😀');
  });

  it('should replace invalid, overlong, truncated and out-of-range sequences with U+FFFD', () => {
    expect(decodeInsert('%80')).toBe('\ufffd');
    expect(decodeInsert('%C0%80')).toBe('\ufffd\ufffd');
    expect(decodeInsert('%E0%80%80')).toBe('\ufffd\ufffd\ufffd');
    expect(decodeInsert('%F4%90%80%80')).toBe('\ufffd\ufffd\ufffd\ufffd');
    expect(decodeInsert('%E2%82x')).toBe('\ufffd\ufffdx');
    expect(decodeInsert('%F0%9F%98')).toBe('\ufffd\ufffd\ufffd');
  });

  it('should keep a percent sign that starts no escape', () => {
    expect(decodeInsert('%')).toBe('%');
    expect(decodeInsert('5%zz%4')).toBe('5%zz%4');
  });
});

describe('fromDelta', () => {
  it('should rebuild the diffs against the text', () => {
    expect(fromDelta('Hello world', '-5\t+Goodbye\t=6')).toEqual([
      [DIFF_DELETE, 'Hello'],
      [DIFF_INSERT, 'Goodbye'],
      [DIFF_EQUAL, ' world'],
    ]);
  });

  it('should accept an empty delta for an empty text only', () => {
    expect(fromDelta('', '')).toEqual([]);
    expect(() => fromDelta('a', '')).toThrow(JsonDiffError);
  });

  it('should reject lengths that overrun the text, naming both lengths', () => {
    expect(() => fromDelta('ab', '=1\t-9')).toThrow('delta spans 10 code units but the text has 2');
  });

  it('should reject absurdly large counts as malformed', () => {
    expect(() => fromDelta('ab', '=9999999999999999')).toThrow(/malformed delta token/);
  });
});
