import { changeJson, clockTime, formatChange, operationOf } from '../../lib/cli/change-line';
import type { Change } from '../../lib/codecs/change';

const AT = new Date(2024, 0, 2, 3, 4, 5);

const created: Change<unknown> = {
  id: 'todo1',
  cv: 'cv1',
  o: 'M',
  v: { text: { o: '+', v: 'milk' } },
  ev: 1,
  ccids: ['c1'],
  clientid: 'rx-1',
};

describe('formatChange', () => {
  it('should print time, operation, id, version and diff, plain', () => {
    expect(formatChange(created, AT, false)).toBe(
      '03:04:05 new todo1 v1 {"text":{"o":"+","v":"milk"}}',
    );
  });

  it('should name modifications, deletions and other codes', () => {
    expect(formatChange({ ...created, sv: 1, ev: 2 }, AT, false)).toMatch(/ mod todo1 v2 /);
    expect(formatChange({ id: 'todo1', cv: 'cv2', o: '-', ev: 3 }, AT, false)).toBe(
      '03:04:05 del todo1 v3',
    );
    expect(formatChange({ id: 'x', cv: 'cv3', o: 'EMPTY' }, AT, false)).toBe('03:04:05 EMPTY x');
    expect([operationOf({ ...created, o: 'DROP' })]).toEqual([['DROP', 'cyan']]);
  });

  it('should colour the operation, the id and the time on a terminal', () => {
    const line = formatChange({ ...created, o: '-', v: undefined }, AT, true);
    expect(line).toBe('\x1b[2m03:04:05\x1b[22m \x1b[31mdel\x1b[39m \x1b[1mtodo1\x1b[22m v1');
    expect(formatChange(created, AT, true)).toContain('\x1b[32mnew\x1b[39m');
  });

  it('should write local time with two digits each', () => {
    expect(clockTime(new Date(2024, 0, 1, 13, 0, 9))).toBe('13:00:09');
  });
});

describe('changeJson', () => {
  it('should keep the wire names and drop absent fields', () => {
    expect(JSON.parse(changeJson(created))).toEqual(created);
    expect(changeJson({ id: 'x', cv: 'c', o: '-', d: { secret: 1 } } as Change<unknown>)).toBe(
      '{"id":"x","cv":"c","o":"-"}',
    );
  });
});
