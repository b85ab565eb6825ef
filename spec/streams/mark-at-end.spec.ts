import fc from 'fast-check';
import { markAtEnd } from '../../lib/streams/mark-at-end';

/** What `JSON.parse` makes of the page's mark: a non-empty string, or nothing. */
const parsedMark = (text: string): string | undefined => {
  const mark: unknown = (JSON.parse(text) as { mark?: unknown }).mark;
  return typeof mark === 'string' && mark !== '' ? mark : undefined;
};

describe('markAtEnd', () => {
  it.each<[string, string, string]>([
    ['as the local server writes it', '{"current":"c","index":[],"mark":"m1"}', 'm1'],
    ['after whitespace', '{ "current": "c",\n  "mark" : "m1" }\n', 'm1'],
    ['alone in its object', '{"mark":"m1"}', 'm1'],
    ['with escapes', String.raw`{"mark":"a\"b\\c\u0041"}`, 'a"b\\cA'],
    ['ending in an escaped backslash', String.raw`{"mark":"a\\"}`, 'a\\'],
    ['repeated: the last', '{"mark":"m1","index":[],"mark":"m2"}', 'm2'],
  ])('should read a mark at the end %s', (_name, text, mark) => {
    expect(markAtEnd(text)).toBe(mark);
    expect(parsedMark(text)).toBe(mark);
  });

  it.each<[string, string]>([
    ['a mark before other members', '{"mark":"m1","current":"c"}'],
    ['no mark', '{"current":"c","index":[]}'],
    ['a null mark', '{"current":"c","mark":null}'],
    ['an empty mark', '{"current":"c","mark":""}'],
    ['a mark in the last entry only', '{"index":[{"id":"a","d":{"mark":"x"}}]}'],
    ['a mark inside a string', String.raw`{"current":"x\",\"mark\":\"m1"}`],
    ['another key ending in mark', '{"bookmark":"m1"}'],
    ['an escaped key', String.raw`{"m\u0061rk":"m1"}`],
    ['a key containing an escaped quote before mark', String.raw`{"a\"mark":"m1"}`],
    ['an array', '[{"mark":"m1"}]'],
    ['a number', '{"mark":1}'],
    ['no closing brace', '{"mark":"m1"'],
    ['no colon', '{"mark" "m1"}'],
    ['nothing before the key', '"mark":"m1"}'],
    ['a broken value string', '{"mark":m1"}'],
    ['an empty text', ''],
    ['a value with no opening quote', 'm1"}'],
    ['no key', ':"m1"}'],
    ['a mark that is not valid JSON', '{"mark":"a\nb"}'],
  ])('should read nothing from %s', (_name, text) => {
    expect(markAtEnd(text)).toBeUndefined();
  });

  it('should never disagree with JSON.parse on an object', () => {
    const page = fc.dictionary(
      fc.oneof(fc.constant('mark'), fc.string()),
      fc.oneof(
        fc.string(),
        fc.constant(null),
        fc.integer(),
        fc.dictionary(fc.string(), fc.string()),
      ),
    );
    fc.assert(
      fc.property(
        page,
        fc.oneof(fc.string(), fc.constant(undefined)),
        fc.boolean(),
        (p, mark, spaced) => {
          const value = mark === undefined ? p : { ...p, mark };
          const text = JSON.stringify(value, null, spaced ? 1 : undefined);
          const early = markAtEnd(text);
          if (early !== undefined) expect(early).toBe(parsedMark(text));
        },
      ),
    );
  });
});
