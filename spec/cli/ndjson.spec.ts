import { Readable } from 'node:stream';
import { countRows, linesOf, parseRow, readRows, rowJson } from '../../lib/cli/ndjson';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

describe('linesOf', () => {
  it('should split lines across chunks, drop \\r before \\n, and keep a last line without \\n', async () => {
    expect(await collect(linesOf(Readable.from(['a\r\nb', 'c\n\nd'])))).toEqual([
      'a',
      'bc',
      '',
      'd',
    ]);
  });

  it('should decode UTF-8 split between chunks', async () => {
    const bytes = Buffer.from('é€\n😀', 'utf8');
    const chunks = [
      bytes.subarray(0, 1),
      bytes.subarray(1, 4),
      bytes.subarray(4, 8),
      bytes.subarray(8),
    ];
    expect(await collect(linesOf(Readable.from(chunks)))).toEqual(['é€', '😀']);
  });
});

describe('parseRow', () => {
  it('should read id, data and version, ignoring other fields', () => {
    expect(parseRow('{"id":"a","version":3,"data":{"x":[1]},"extra":true}')).toEqual({
      id: 'a',
      version: 3,
      data: { x: [1] },
    });
    expect(parseRow('{"id":"u/a","data":{}}')).toEqual({ id: 'u/a', data: {} });
  });

  it.each([
    ['{"id":', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"data":{}}', 'id must be a non-empty string'],
    ['{"id":"a/b/c","data":{}}', 'id may contain "/" only as {userid}/{id}'],
    ['{"id":"a","data":[1]}', 'a: "data" is not a JSON object'],
    ['{"id":"a"}', 'a: "data" is not a JSON object'],
    ['{"id":"a","version":0,"data":{}}', 'a: version must be a positive integer'],
    ['{"id":"a","data":{"t":"\\ud800"}}', 'a: data holds a lone surrogate, not Unicode text'],
    ['{"id":"a\\udc00","data":{}}', 'id is not well-formed Unicode'],
  ])('should say what is wrong with %s', (line, problem) => {
    expect(parseRow(line)).toEqual({ problem });
  });

  it('should read back what rowJson writes', () => {
    const row = { id: 'é/ü', version: 7, data: { text: 'line\nbreak', n: null } };
    expect(parseRow(rowJson(row))).toEqual(row);
  });
});

describe('readRows and countRows', () => {
  const input = ['{"id":"a","data":{}}\n', '\n  \nnope\n{"id":"b","data":{}}'];

  it('should number the lines from 1, skipping blank ones', async () => {
    expect(await collect(readRows(Readable.from(input)))).toEqual([
      { line: 1, row: { id: 'a', data: {} } },
      { line: 4, problem: 'not JSON' },
      { line: 5, row: { id: 'b', data: {} } },
    ]);
  });

  it('should count the lines that are not blank', async () => {
    expect(await countRows(Readable.from(input))).toBe(3);
  });
});
