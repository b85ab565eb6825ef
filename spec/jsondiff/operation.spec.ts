import { JsonDiffError } from '../../lib/jsondiff';
import { listEntries, readObjectDiff, readOperation } from '../../lib/jsondiff/operation';

describe('readOperation', () => {
  it('should accept every well-formed operation', () => {
    for (const op of [
      { o: '+', v: null },
      { o: '-' },
      { o: 'r', v: [1] },
      { o: 'I', v: -1.5 },
      { o: 'L', v: {} },
      { o: 'dL', v: '' },
      { o: 'O', v: {} },
      { o: 'd', v: '=1' },
    ]) {
      expect(readOperation(op, [])).toEqual(op);
    }
  });

  it('should drop a stray v from "-"', () => {
    expect(readOperation({ o: '-', v: 1 }, [])).toEqual({ o: '-' });
  });

  it('should name the path and the problem', () => {
    expect(() => readOperation({ o: 'z' }, ['a', '1'])).toThrow(
      'bad operation at /a/1: unknown operation "z"',
    );
    expect(() => readOperation({ o: 1n }, [])).toThrow('unknown operation bigint');
    expect(() => readOperation({ o: '+', v: 1 }, [])).not.toThrow();
  });
});

describe('readObjectDiff', () => {
  it('should accept plain objects only', () => {
    expect(readObjectDiff({}, [])).toEqual({});
    expect(() => readObjectDiff([], [])).toThrow(JsonDiffError);
  });
});

describe('listEntries', () => {
  it('should order entries numerically', () => {
    const entries = listEntries({ '10': { o: '-' }, '2': { o: '-' }, '0': { o: '-' } }, []);
    expect(entries.map(([i]) => i)).toEqual([0, 2, 10]);
  });

  it('should reject keys that are not plain decimal indexes', () => {
    for (const key of ['', '-0', '00', '1e2', '0x1', '9999999999']) {
      expect(() => listEntries({ [key]: { o: '-' } }, [])).toThrow('not a list index');
    }
  });
});
