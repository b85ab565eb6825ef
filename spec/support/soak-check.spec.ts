import {
  addTallies,
  ccidCounts,
  checkFeed,
  checkWrites,
  countDataMismatches,
  expectedData,
  type WriteRecord,
} from './soak-check';

const write = (ccid: string, objectId: string, key: string, value: string, acknowledged = true) =>
  ({ ccid, objectId, key, value, acknowledged }) satisfies WriteRecord;

describe('ccidCounts', () => {
  it('should count the changes that carry each ccid', () => {
    const counts = ccidCounts([
      { cv: '1', ccids: ['a'] },
      { cv: '2', ccids: ['b', 'a'] },
      { cv: '3', ccids: [] },
    ]);
    expect([...counts]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});

describe('checkWrites', () => {
  const writes = [write('a', 'o1', 'w0', 'x'), write('b', 'o1', 'w1', 'y')];

  it('should find nothing wrong when each write is in exactly one change', () => {
    const log = [
      { cv: '1', ccids: ['a'] },
      { cv: '2', ccids: ['b'] },
    ];
    expect(checkWrites(writes, log)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  });

  it('should count an acknowledged write missing from the log as lost', () => {
    expect(checkWrites(writes, [{ cv: '1', ccids: ['a'] }]).lost).toBe(1);
  });

  it('should not count an unacknowledged write missing from the log as lost', () => {
    const unanswered = [write('a', 'o1', 'w0', 'x', false)];
    expect(checkWrites(unanswered, []).lost).toBe(0);
  });

  it('should count a write applied twice, and a change no write explains, as duplicated', () => {
    const log = [
      { cv: '1', ccids: ['a'] },
      { cv: '2', ccids: ['a'] },
      { cv: '3', ccids: ['b'] },
      { cv: '4', ccids: ['stranger'] },
    ];
    expect(checkWrites(writes, log)).toEqual({ lost: 0, duplicated: 2, outOfOrder: 0 });
  });
});

describe('checkFeed', () => {
  const truth = ['1', '2', '3', '4'];

  it('should find nothing wrong in the same sequence', () => {
    expect(checkFeed(truth, truth)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  });

  it('should count the cursors never seen as lost', () => {
    expect(checkFeed(['1', '4'], truth)).toEqual({ lost: 2, duplicated: 0, outOfOrder: 0 });
  });

  it('should count a cursor seen again, or unknown to the server, as duplicated', () => {
    expect(checkFeed(['1', '2', '2', '3', '9', '4'], truth)).toEqual({
      lost: 0,
      duplicated: 2,
      outOfOrder: 0,
    });
  });

  it('should count a cursor first seen after a later one as out of order', () => {
    expect(checkFeed(['1', '3', '2', '4'], truth)).toEqual({
      lost: 0,
      duplicated: 0,
      outOfOrder: 1,
    });
  });
});

describe('expectedData', () => {
  it('should keep, per object and key, the last applied write', () => {
    const writes = [
      write('a', 'o1', 'w0', 'first'),
      write('b', 'o1', 'w0', 'second'),
      write('c', 'o1', 'w0', 'never applied', false),
      write('d', 'o2', 'w1', 'late but applied', false),
    ];
    expect(expectedData(writes, new Set(['a', 'b', 'd']))).toEqual(
      new Map([
        ['o1', { w0: 'second' }],
        ['o2', { w1: 'late but applied' }],
      ]),
    );
  });
});

describe('countDataMismatches', () => {
  const expected = new Map([['o1', { w0: 'x', w1: 'y' }]]);

  it('should be zero when the server holds exactly the expected data', () => {
    expect(countDataMismatches(expected, new Map([['o1', { w1: 'y', w0: 'x' }]]))).toBe(0);
  });

  it('should count each differing, missing or extra key', () => {
    expect(countDataMismatches(expected, new Map([['o1', { w0: 'z', extra: 1 }]]))).toBe(3);
  });

  it('should count an object no write explains, and an expected object that is missing', () => {
    expect(countDataMismatches(expected, new Map([['o9', { k: 1 }]]))).toBe(3);
  });
});

describe('addTallies', () => {
  it('should add each field', () => {
    expect(
      addTallies(
        { lost: 1, duplicated: 0, outOfOrder: 2 },
        { lost: 0, duplicated: 3, outOfOrder: 1 },
      ),
    ).toEqual({ lost: 1, duplicated: 3, outOfOrder: 3 });
  });
});
