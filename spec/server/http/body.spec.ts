import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH } from '../../../lib/server/domain/json-text';
import {
  parseFields,
  parseJsonObject,
  parseJsonObjectArray,
  readBody,
} from '../../../lib/server/http/body';
import { HttpFailure } from '../../../lib/server/domain/failure';

const request = (
  chunks: Array<string | Buffer>,
  headers: Record<string, string> = {},
): IncomingMessage =>
  Object.assign(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))), {
    headers,
  }) as unknown as IncomingMessage;

const status = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof HttpFailure ? err.status : -1;
  }
  return undefined;
};

describe('readBody', () => {
  it('should join the chunks as UTF-8', async () => {
    await expect(readBody(request(['{"a":', '"é"}']), 100)).resolves.toBe('{"a":"é"}');
  });

  it('should refuse a body announced larger than the limit with a 413', async () => {
    await expect(readBody(request(['x'], { 'content-length': '11' }), 10)).rejects.toMatchObject({
      status: 413,
    });
  });

  it('should refuse a streamed body once it grows past the limit', async () => {
    await expect(readBody(request(['12345', '67890', 'x']), 10)).rejects.toMatchObject({
      status: 413,
    });
  });

  it('should accept a body exactly at the limit', async () => {
    await expect(readBody(request(['12345', '67890']), 10)).resolves.toBe('1234567890');
  });

  it('should keep a character split across chunks', async () => {
    const bytes = Buffer.from('"é😀"');
    const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 5), bytes.subarray(5)];
    await expect(readBody(request(chunks), 100)).resolves.toBe('"é😀"');
  });

  it.each([
    ['an invalid byte', [0x7b, 0xff, 0x7d]],
    ['an overlong encoding of /', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a cut-short sequence', [0x22, 0xe2, 0x82]],
  ])('#12 should refuse a body with %s with a 400 naming UTF-8', async (_, bytes) => {
    await expect(readBody(request([Buffer.from(bytes)]), 100)).rejects.toMatchObject({
      status: 400,
      message: 'body is not valid UTF-8',
    });
  });
});

describe('#12 lone surrogates in JSON text', () => {
  it.each([
    ['a value', '{"a":"x\\ud800"}'],
    ['a key', '{"\\udc00":1}'],
    ['a nested value', '{"a":[{"b":"\\uDBFF"}]}'],
    ['a reversed pair', '{"a":"\\udc00\\ud800"}'],
  ])('should refuse one in %s, in every kind of body', (_, text) => {
    for (const parse of [
      parseJsonObject,
      parseFields,
      (t: string) => parseJsonObjectArray(`[${t}]`),
    ]) {
      expect(() => parse(text)).toThrow('lone surrogate in JSON text');
    }
  });

  it('should accept a surrogate pair written as escapes, and an escaped backslash before u', () => {
    expect(parseJsonObject('{"a":"\\ud83d\\ude00"}')).toEqual({ a: '😀' });
    expect(parseJsonObject('{"a":"\\\\ud800"}')).toEqual({ a: '\\ud800' });
  });
});

describe('parseFields', () => {
  it('should read JSON whatever the content type', () => {
    expect(parseFields('{"username":"a@b.c","password":"p"}')).toEqual({
      username: 'a@b.c',
      password: 'p',
    });
  });

  it('should read form-urlencoded text', () => {
    expect(parseFields('username=a%40b.c&password=p+q&client_id=k')).toEqual({
      username: 'a@b.c',
      password: 'p q',
      client_id: 'k',
    });
  });

  it('#12 should refuse a malformed percent-escape or a repeated field in a form body', () => {
    expect(() => parseFields('username=a%FF')).toThrow('malformed percent-escape in the body');
    expect(() => parseFields('username=a&username=b')).toThrow('duplicate form field "username"');
  });

  it('should give no fields for an empty body', () => {
    expect(parseFields('')).toEqual({});
  });

  it('should refuse JSON that is not an object', () => {
    expect(status(() => parseFields('[1,2]'))).toBe(400);
    expect(status(() => parseFields('"x"'))).toBe(400);
  });
});

describe('parseJsonObject', () => {
  it('should return the object', () => {
    expect(parseJsonObject('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
  });

  it.each(['', 'not json', '[]', 'null', '42', '"s"', '{"a":1'])(
    'should refuse %p with a 400',
    (text) => {
      expect(status(() => parseJsonObject(text))).toBe(400);
    },
  );

  it('should refuse documents nested too deeply', () => {
    const deep = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(parseJsonObject(deep(MAX_JSON_DEPTH))).toBeDefined();
    expect(status(() => parseJsonObject(deep(MAX_JSON_DEPTH + 1)))).toBe(400);
    expect(status(() => parseJsonObject(`{"a":${'['.repeat(200000)}${']'.repeat(200000)}}`))).toBe(
      400,
    );
  });

  it('should refuse numbers too large for a double, which would be stored as null', () => {
    for (const text of ['{"n":1e400}', '{"n":-1e400}', '{"a":[{"b":1e999}]}']) {
      expect(status(() => parseJsonObject(text))).toBe(400);
    }
    expect(parseJsonObject('{"n":1e308,"m":123456789012345678901234567890}')).toEqual({
      n: 1e308,
      m: 1.2345678901234568e29,
    });
  });
});

describe('parseJsonObjectArray', () => {
  it('should return the objects, an empty array included', () => {
    expect(parseJsonObjectArray('[{"id":"a"},{"v":{"n":1}}]')).toEqual([
      { id: 'a' },
      { v: { n: 1 } },
    ]);
    expect(parseJsonObjectArray('[]')).toEqual([]);
  });

  it.each(['', 'not json', '{}', 'null', '[1]', '[{}, []]', '[{}, null]', '[{"a":1e400}]', '[{}'])(
    'should refuse %p with a 400',
    (text) => {
      expect(status(() => parseJsonObjectArray(text))).toBe(400);
    },
  );

  it('should count the array as a level of nesting', () => {
    const deep = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(parseJsonObjectArray(`[${deep(MAX_JSON_DEPTH - 1)}]`)).toHaveLength(1);
    expect(status(() => parseJsonObjectArray(`[${deep(MAX_JSON_DEPTH)}]`))).toBe(400);
  });
});
