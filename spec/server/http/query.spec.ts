import { HttpFailure } from '../../../lib/server/domain/failure';
import {
  cvParam,
  flag,
  idParam,
  parseForm,
  positiveInt,
  versionNumber,
} from '../../../lib/server/http/query';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

const status = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof HttpFailure ? err.status : -1;
  }
  return undefined;
};

describe('parseForm', () => {
  it('should decode names and values, + as a space, and a name without a value as empty', () => {
    const query = parseForm('cv=abc&a+b=c%20d&wait&&x=%C3%A9');
    expect([...query]).toEqual([
      ['cv', 'abc'],
      ['a b', 'c d'],
      ['wait', ''],
      ['x', 'é'],
    ]);
  });

  it.each(['ccid=%FF', 'ccid=%ZZ', 'ccid=a%', 'ccid=%E2%82', 'ccid=%ED%A0%80', '%FF=1'])(
    '#12 should refuse the malformed percent-escape in %s with a 400',
    (text) => {
      expect(status(() => parseForm(text))).toBe(400);
      expect(() => parseForm(text)).toThrow('malformed percent-escape in the query');
    },
  );

  it('#12 should refuse a repeated parameter with a 400 naming it, except skip_clientid', () => {
    expect(() => parseForm('cv=a&data=1&cv=b')).toThrow('duplicate query parameter "cv"');
    expect(() => parseForm('data=1&data=1')).toThrow('duplicate query parameter "data"');
    expect(parseForm('skip_clientid=a&skip_clientid=b').getAll('skip_clientid')).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('flag', () => {
  it('should read 1/true as set and 0/false/absent as clear', () => {
    expect(flag(q('data=1'), 'data')).toBe(true);
    expect(flag(q('data=true'), 'data')).toBe(true);
    expect(flag(q('data=0'), 'data')).toBe(false);
    expect(flag(q('data=false'), 'data')).toBe(false);
    expect(flag(q(''), 'data')).toBe(false);
  });

  it('should refuse other values with a 400', () => {
    expect(status(() => flag(q('data=maybe'), 'data'))).toBe(400);
  });
});

describe('positiveInt', () => {
  it('should default, read and clamp', () => {
    expect(positiveInt(q(''), 'limit', 100, 1000)).toBe(100);
    expect(positiveInt(q('limit=5'), 'limit', 100, 1000)).toBe(5);
    expect(positiveInt(q('limit=5000'), 'limit', 100, 1000)).toBe(1000);
  });

  it.each(['0', '-1', 'abc', '1.5', '', '99999999999999999999'])('should refuse %p', (value) => {
    expect(status(() => positiveInt(q(`limit=${value}`), 'limit', 100, 1000))).toBe(400);
  });
});

describe('cvParam', () => {
  it('should return a well-formed cv or undefined', () => {
    expect(cvParam(q('cv=4f987082d240991a7e0200f6'), 'cv')).toBe('4f987082d240991a7e0200f6');
    expect(cvParam(q(''), 'cv')).toBeUndefined();
  });

  it('should refuse a malformed cv', () => {
    expect(status(() => cvParam(q('cv=abc'), 'cv'))).toBe(400);
  });
});

describe('idParam', () => {
  it('should treat empty as absent and refuse overlong values', () => {
    expect(idParam(q('ccid='), 'ccid')).toBeUndefined();
    expect(idParam(q('ccid=abc'), 'ccid')).toBe('abc');
    expect(status(() => idParam(q(`ccid=${'x'.repeat(257)}`), 'ccid'))).toBe(400);
  });
});

describe('versionNumber', () => {
  it('should read whole numbers and refuse the rest', () => {
    expect(versionNumber('12')).toBe(12);
    expect(status(() => versionNumber('x'))).toBe(400);
    expect(status(() => versionNumber('-1'))).toBe(400);
  });
});
