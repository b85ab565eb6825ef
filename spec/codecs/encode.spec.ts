import * as t from 'io-ts';
import { encodeData } from '../../lib/codecs/encode';

/** Dates on the wire as ISO strings. */
const DateFromIso = new t.Type<Date, string, unknown>(
  'DateFromIso',
  (u): u is Date => u instanceof Date,
  (u, c) => (typeof u === 'string' ? t.success(new Date(u)) : t.failure(u, c)),
  (d) => d.toISOString(),
);
const Note = t.type({ text: t.string, due: DateFromIso });
const due = new Date('2026-12-24T10:00:00.000Z');

describe('encodeData', () => {
  it('should send a whole document in the codec wire form', () => {
    expect(encodeData(Note, { text: 'x', due }, true)).toEqual({
      text: 'x',
      due: '2026-12-24T10:00:00.000Z',
    });
  });

  it('should encode only the keys a merge has, each with its own codec', () => {
    expect(encodeData(Note, { due }, false)).toEqual({ due: '2026-12-24T10:00:00.000Z' });
    expect(encodeData(Note, { text: 'only' }, false)).toEqual({ text: 'only' });
    expect(encodeData(t.exact(Note), { due }, false)).toEqual({ due: '2026-12-24T10:00:00.000Z' });
    expect(encodeData(Note, { text: 'x', extra: 1 } as never, false)).toEqual({
      text: 'x',
      extra: 1,
    });
  });

  it('should pass data as it is for a bare decoder, and merges for other kinds of codec', () => {
    const A = t.type({ a: t.number });
    const bare: t.Decoder<unknown, { a: number }> = {
      name: 'A',
      validate: A.validate,
      decode: A.decode,
    };
    const data = { a: 1 };
    expect(encodeData(bare, data, true)).toBe(data);
    const Union = t.union([t.type({ a: t.number }), t.type({ b: t.string })]);
    expect(encodeData(Union, { a: 1 }, false)).toEqual({ a: 1 });
  });
});
