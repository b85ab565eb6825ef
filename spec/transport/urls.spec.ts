import { buildUrl, queryString } from '../../lib/transport/urls';

describe('queryString', () => {
  it('should keep the record order and encode keys and values', () => {
    expect(queryString({ clientid: 'rx-1', ccid: 'a b&c', n: 5 })).toBe(
      '?clientid=rx-1&ccid=a%20b%26c&n=5',
    );
  });

  it('should send true as =1 and leave out false and undefined', () => {
    expect(queryString({ data: true, replace: false, mark: undefined, limit: 2 })).toBe(
      '?data=1&limit=2',
    );
  });

  it('should repeat the key for each item of an array', () => {
    expect(queryString({ skip_clientid: ['a', 'b/c'] })).toBe(
      '?skip_clientid=a&skip_clientid=b%2Fc',
    );
  });

  it('should give an empty string when nothing is left', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ a: undefined, b: false, c: [] })).toBe('');
  });
});

describe('buildUrl', () => {
  it('should join the base and the encoded segments', () => {
    expect(buildUrl('https://api.test', ['1', 'app', 'todo', 'i', 'x'])).toBe(
      'https://api.test/1/app/todo/i/x',
    );
  });

  it('should add a trailing slash and a query when asked', () => {
    expect(buildUrl('https://auth.test/prefix', ['1', 'app', 'create'], { a: true }, true)).toBe(
      'https://auth.test/prefix/1/app/create/?a=1',
    );
  });

  it.each([['a/b'], ['x?admin=1'], ['x#frag'], ['..%2F..'], ['😀 ü'], ['%']])(
    'should keep the path intact for the segment %j',
    (segment) => {
      const url = new URL(buildUrl('https://api.test', ['1', 'app', 'todo', 'i', segment]));
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      const parts = url.pathname.split('/');
      expect(parts).toHaveLength(6);
      expect(parts.slice(0, 5)).toEqual(['', '1', 'app', 'todo', 'i']);
      expect(decodeURIComponent(parts[5] ?? '')).toBe(segment);
    },
  );
});
