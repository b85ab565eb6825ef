import * as check from '../lib/arguments';
import * as E from '../lib/either';
import { isInvalidArgumentError } from '../lib/errors';
import { expectLeft } from './support/either';

describe('check.bucketName', () => {
  it.each([['todo'], ['Note'], ['a.b_c%d-e'], ['x'.repeat(64)]])('should accept %j', (name) => {
    expect(check.bucketName(name)).toEqual(E.right(name));
  });

  it.each([
    [''],
    ['x'.repeat(65)],
    ['a/b'],
    ['a b'],
    ['ü'],
    ['.'],
    ['..'],
    ['a?b'],
    [undefined],
    [3],
  ])('should refuse %j', (name) => {
    expect(expectLeft(check.bucketName(name), 'InvalidArgumentError').argument).toBe('bucket');
  });
});

describe('check.objectId', () => {
  it.each([
    ['5f3c0a'],
    ['a.b@c%d-e_f'],
    ['note 😀 ü'],
    ['f5067cc81c9c26dcdca468f0cdf60508/item1'],
    ['x'.repeat(256)],
    ['😀'.repeat(256)],
    ['...'],
    ['a?b#c'],
  ])('should accept %j', (id) => {
    expect(check.objectId(id)).toEqual(E.right(id));
  });

  it.each([
    [''],
    ['x'.repeat(257)],
    ['a\nb'],
    ['a\u0000'],
    ['a\u007f'],
    ['\uD800'],
    ['a\uDC00b'],
    ['.'],
    ['..'],
    ['/a'],
    ['a/'],
    ['a/b/c'],
    [undefined],
  ])('should refuse %j', (id) => {
    expect(expectLeft(check.objectId(id), 'InvalidArgumentError').argument).toBe('id');
  });
});

describe('check.username', () => {
  it('should accept an email address and name the argument as asked', () => {
    expect(check.username('joe@example.com')).toEqual(E.right('joe@example.com'));
    expect(expectLeft(check.username('', 'newUsername'), 'InvalidArgumentError').argument).toBe(
      'newUsername',
    );
  });

  it.each([[''], ['a\r\nb'], ['..'], [null]])('should refuse %j', (u) => {
    expectLeft(check.username(u), 'InvalidArgumentError');
  });
});

describe('check.version', () => {
  it('should accept positive integers only', () => {
    expect(check.version(1)).toEqual(E.right(1));
    expect(check.version(42)).toEqual(E.right(42));
    for (const v of [0, -1, 1.5, NaN, Infinity, '3'])
      expectLeft(check.version(v), 'InvalidArgumentError');
  });
});

describe('check.asciiId', () => {
  it('should accept 1-256 visible ASCII characters', () => {
    expect(check.asciiId('ccid', 'abc-123_x')).toEqual(E.right('abc-123_x'));
    for (const v of ['', 'a b', 'é', 'x'.repeat(257), 5]) {
      expect(expectLeft(check.asciiId('ccid', v), 'InvalidArgumentError').argument).toBe('ccid');
    }
  });
});

describe('check.string', () => {
  it('should accept any string, even empty, and refuse non-strings', () => {
    expect(check.string('password', '')).toEqual(E.right(''));
    expect(expectLeft(check.string('password', undefined), 'InvalidArgumentError').argument).toBe(
      'password',
    );
  });
});

const refused = (v: E.Either<{ argument: string }, unknown>): string | undefined =>
  E.isLeft(v) ? v.left.argument : undefined;

describe('check.count', () => {
  it.each([undefined, 1, 100, 1000])('should accept %p up to 1000', (value) => {
    expect(check.count('batch', value, 1000)).toEqual(E.right(value));
  });

  it.each([0, -1, 1.5, 1001, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(check.count('batch', value, 1000))).toBe('batch');
  });
});

describe('check.duration', () => {
  it.each([undefined, 1, 0.5, 60_000])('should accept %p', (value) => {
    expect(check.duration('timeout', value)).toEqual(E.right(value));
  });

  it.each([0, -5, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(check.duration('timeout', value))).toBe('timeout');
  });
});

describe('check.duration from 0', () => {
  it.each([undefined, 0, 0.5, 1000])('should accept %p', (value) => {
    expect(check.duration('minInterval', value, true)).toEqual(E.right(value));
  });

  it.each([-1, NaN, Infinity])('should refuse %p', (value) => {
    expect(refused(check.duration('minInterval', value, true))).toBe('minInterval');
  });
});

describe('check.cursor', () => {
  it.each([undefined, '5119dafb37a401031d47c0f7', 'x'])('should accept %p', (value) => {
    expect(check.cursor('cv', value)).toEqual(E.right(value));
  });

  it.each(['', 'a b', 'a\nb', 'é'])('should refuse %j', (value) => {
    expect(refused(check.cursor('cv', value))).toBe('cv');
  });
});

describe('check.clientIds', () => {
  it('should accept a list of client ids', () => {
    expect(check.clientIds('skipClientIds', ['py-1', 'rx-2'])).toEqual(E.right(['py-1', 'rx-2']));
    expect(check.clientIds('skipClientIds', [])).toEqual(E.right([]));
  });

  it('should refuse the list when one id is invalid', () => {
    expect(refused(check.clientIds('skipClientIds', ['ok', '']))).toBe('skipClientIds');
  });
});

describe('check.requireHeaderValue', () => {
  it('should return a visible-ASCII value', () => {
    expect(check.requireHeaderValue('token', 'abc-123')).toBe('abc-123');
  });

  it.each([[''], ['tok en'], ['tök'], [undefined], [5]])(
    'should throw an InvalidArgumentException for %j that never repeats the value',
    (value) => {
      let thrown: unknown;
      try {
        check.requireHeaderValue('token', value);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(isInvalidArgumentError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ argument: 'token' });
      if (typeof value === 'string' && value !== '') {
        expect((thrown as Error).message).not.toContain(value);
      }
    },
  );
});

describe('check.requireAppId', () => {
  it('should accept A-Z a-z 0-9 . _ - and refuse the rest', () => {
    expect(check.requireAppId('my-app.v2_x')).toBe('my-app.v2_x');
    for (const bad of ['', 'my app', 'app/x', '..', '.', null]) {
      expect(() => check.requireAppId(bad)).toThrow(TypeError);
    }
  });
});

describe('check.required', () => {
  it('should return a Right value and throw a Left as an InvalidArgumentException', () => {
    expect(check.required(E.right(3))).toBe(3);
    expect(() => check.required(check.version(0))).toThrow(
      expect.objectContaining({ _tag: 'InvalidArgumentError', argument: 'version' }),
    );
  });
});

describe('check.optional', () => {
  it('should pass undefined and check anything else', () => {
    expect(check.optional(undefined, check.version)).toEqual(E.right(undefined));
    expect(check.optional(2, check.version)).toEqual(E.right(2));
    expect(E.isLeft(check.optional(0, check.version))).toBe(true);
  });
});

describe('check.jsonText', () => {
  it('#12 should refuse JSON text holding a lone surrogate escape, value or key', () => {
    for (const value of [{ a: '\ud800' }, { '\udc00': 1 }, ['x\udbff'], '\ud83d']) {
      expectLeft(check.jsonText('data', JSON.stringify(value)), 'InvalidArgumentError');
    }
  });

  it('should accept pairs, escaped backslashes before u, and plain text', () => {
    for (const value of [{ a: '😀' }, { a: '\\ud800' }, { a: '\\\\' }, 'plain']) {
      expect(check.jsonText('data', JSON.stringify(value))).toEqual(E.right(JSON.stringify(value)));
    }
  });
});
