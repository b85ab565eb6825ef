import { CvClock, ZERO_CV, isCv } from '../../../lib/server/domain/cv';

describe('isCv', () => {
  it('should accept 24 lowercase hex digits', () => {
    expect(isCv('4f987082d240991a7e0200f6')).toBe(true);
    expect(isCv(ZERO_CV)).toBe(true);
  });

  it('should reject other shapes', () => {
    for (const bad of [
      '',
      '4F987082D240991A7E0200F6',
      '4f987082d240991a7e0200f',
      'x'.repeat(24),
      42,
    ]) {
      expect(isCv(bad)).toBe(false);
    }
  });
});

describe('CvClock', () => {
  it('should put the Unix second in the first 8 hex digits', () => {
    const clock = new CvClock(ZERO_CV, () => 0x5119dafb * 1000 + 999);
    expect(clock.next()).toBe('5119dafb0000000000000001');
  });

  it('should issue strictly increasing cvs even when the clock steps back', () => {
    let now = 2_000_000_000_000;
    const clock = new CvClock(ZERO_CV, () => now);
    const issued = [clock.next(), clock.next()];
    now -= 60_000;
    issued.push(clock.next());
    now += 120_000;
    issued.push(clock.next());
    expect(issued.every(isCv)).toBe(true);
    expect([...issued].sort()).toEqual(issued);
    expect(new Set(issued).size).toBe(issued.length);
  });

  it('should continue after the last cv it is given', () => {
    const last = 'ffffffff00000000000000ff';
    const clock = new CvClock(last, () => 0);
    const next = clock.next();
    expect(next > last).toBe(true);
    expect(next).toBe('ffffffff0000000000000100');
  });

  it('should start from zero when the last cv is malformed', () => {
    expect(new CvClock('nonsense', () => 1000).next()).toBe('000000010000000000000001');
  });
});

describe('CvClock.last', () => {
  it('should be the cv given at construction, then the newest issued', () => {
    const clock = new CvClock('5119dafb0000000000000007', () => 0);
    expect(clock.last).toBe('5119dafb0000000000000007');
    const issued = clock.next();
    expect(clock.last).toBe(issued);
  });
});
