import { JsonDiffError } from '../../lib/jsondiff';
import { dumps, listToText, textToList } from '../../lib/jsondiff/list-text';

describe('dumps', () => {
  it("should write values as Python's json.dumps does", () => {
    expect(dumps({ a: 1, b: [1, 2, { c: null }], d: true })).toBe(
      '{"a": 1, "b": [1, 2, {"c": null}], "d": true}',
    );
    expect(dumps([])).toBe('[]');
    expect(dumps({})).toBe('{}');
    expect(dumps(1.5)).toBe('1.5');
  });

  it('should escape every non-ASCII character as \\uXXXX, pairs as two escapes', () => {
    expect(dumps('é😀\u007f')).toBe('"\\u00e9\\ud83d\\ude00\\u007f"');
    expect(dumps({ ключ: 'a\nb' })).toBe('{"\\u043a\\u043b\\u044e\\u0447": "a\\nb"}');
  });
});

describe('listToText', () => {
  it('should write one item per line, each ending with a newline', () => {
    expect(listToText([1, 'a', [2]])).toBe('1\n"a"\n[2]\n');
    expect(listToText([])).toBe('');
  });
});

describe('textToList', () => {
  it('should parse every non-empty line', () => {
    expect(textToList('1\n\n"\\u00e9"\n{"a": [1]}\n')).toEqual([1, 'é', { a: [1] }]);
  });

  it('should round-trip listToText', () => {
    const list = [null, 'é😀', { a: { b: [true] } }, -0.5];
    expect(textToList(listToText(list))).toEqual(list);
  });

  it('should reject a line that is not JSON with bad-delta', () => {
    expect(() => textToList('1\n{"a\n')).toThrow(JsonDiffError);
    expect(() => textToList('1\n{"a\n')).toThrow(/list line is not JSON/);
  });
});
