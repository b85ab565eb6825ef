import * as t from 'io-ts';
import { docGuardAndEncoder } from '../../lib/codecs/doc-guard';

const DateFromNumber = new t.Type<Date, number, unknown>(
  'DateFromNumber',
  (u): u is Date => u instanceof Date,
  (u, c) => (typeof u === 'number' ? t.success(new Date(u)) : t.failure(u, c)),
  (d) => d.getTime(),
);

describe('docGuardAndEncoder', () => {
  it("should use an io-ts Type's own guard and encoder", () => {
    const { is, encode } = docGuardAndEncoder(DateFromNumber);
    expect(is(new Date(5))).toBe(true);
    expect(is(5)).toBe(false);
    expect(encode(new Date(5))).toBe(5);
  });

  it('should guard by decoding and encode as is for a bare decoder', () => {
    const decoder: t.Decoder<unknown, { n: number }> = {
      name: 'N',
      validate: (u, c) => t.type({ n: t.number }).validate(u, c),
      decode: (u) => t.type({ n: t.number }).decode(u),
    };
    const { is, encode } = docGuardAndEncoder(decoder);
    expect(is({ n: 1 })).toBe(true);
    expect(is({ n: '1' })).toBe(false);
    const doc = { n: 2 };
    expect(encode(doc)).toBe(doc);
  });
});
