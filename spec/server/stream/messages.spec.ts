import { MESSAGE_BYTES, jsonArrays, messageBytes } from '../../../lib/server/stream/messages';

describe('jsonArrays', () => {
  it('should cut texts into JSON arrays within the bound, in order', () => {
    const texts = ['"aaaa"', '"bbbb"', '"cccc"', '"d"'];
    const arrays = jsonArrays(texts, 16);
    expect(arrays).toEqual(['["aaaa","bbbb"]', '["cccc","d"]']);
    expect(arrays.every((a) => Buffer.byteLength(a) <= 16)).toBe(true);
    expect(arrays.flatMap((a) => JSON.parse(a) as string[])).toEqual(['aaaa', 'bbbb', 'cccc', 'd']);
  });

  it('should put a text larger than the bound alone', () => {
    expect(jsonArrays(['"a"', `"${'x'.repeat(40)}"`, '"b"'], 16)).toEqual([
      '["a"]',
      `["${'x'.repeat(40)}"]`,
      '["b"]',
    ]);
  });

  it('should give no array for no text', () => {
    expect(jsonArrays([], 16)).toEqual([]);
  });
});

describe('messageBytes', () => {
  it('should keep messages below 1 MiB whatever maxAnswerBytes allows', () => {
    expect(messageBytes(4 * 1024 * 1024)).toBe(MESSAGE_BYTES);
    expect(MESSAGE_BYTES).toBeLessThan(1024 * 1024);
    expect(messageBytes(1000)).toBe(1000);
  });
});
