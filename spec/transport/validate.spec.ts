import * as E from 'fp-ts/Either';
import {
  validateJsonText,
  validateAsciiId,
  validateBucketName,
  validateObjectId,
  validateString,
  validateUsername,
  validateVersion,
} from '../../lib/transport/validate';
import { expectLeft } from '../support/either';

describe('validateBucketName', () => {
  it.each([['todo'], ['Note'], ['a.b_c%d-e'], ['x'.repeat(64)]])('should accept %j', (name) => {
    expect(validateBucketName(name)).toEqual(E.right(name));
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
    expect(expectLeft(validateBucketName(name), 'InvalidArgumentError').argument).toBe('bucket');
  });
});

describe('validateObjectId', () => {
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
    expect(validateObjectId(id)).toEqual(E.right(id));
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
    expect(expectLeft(validateObjectId(id), 'InvalidArgumentError').argument).toBe('id');
  });
});

describe('validateUsername', () => {
  it('should accept an email address and name the argument as asked', () => {
    expect(validateUsername('joe@example.com')).toEqual(E.right('joe@example.com'));
    expect(expectLeft(validateUsername('', 'newUsername'), 'InvalidArgumentError').argument).toBe(
      'newUsername',
    );
  });

  it.each([[''], ['a\r\nb'], ['..'], [null]])('should refuse %j', (u) => {
    expectLeft(validateUsername(u), 'InvalidArgumentError');
  });
});

describe('validateVersion', () => {
  it('should accept positive integers only', () => {
    expect(validateVersion(1)).toEqual(E.right(1));
    expect(validateVersion(42)).toEqual(E.right(42));
    for (const v of [0, -1, 1.5, NaN, Infinity, '3'])
      expectLeft(validateVersion(v), 'InvalidArgumentError');
  });
});

describe('validateAsciiId', () => {
  it('should accept 1-256 visible ASCII characters', () => {
    expect(validateAsciiId('ccid', 'abc-123_x')).toEqual(E.right('abc-123_x'));
    for (const v of ['', 'a b', 'é', 'x'.repeat(257), 5]) {
      expect(expectLeft(validateAsciiId('ccid', v), 'InvalidArgumentError').argument).toBe('ccid');
    }
  });
});

describe('validateString', () => {
  it('should accept any string, even empty, and refuse non-strings', () => {
    expect(validateString('password', '')).toEqual(E.right(''));
    expect(expectLeft(validateString('password', undefined), 'InvalidArgumentError').argument).toBe(
      'password',
    );
  });
});

describe('validateJsonText', () => {
  it('#12 should refuse JSON text holding a lone surrogate escape, value or key', () => {
    for (const value of [{ a: '\ud800' }, { '\udc00': 1 }, ['x\udbff'], '\ud83d']) {
      expectLeft(validateJsonText('data', JSON.stringify(value)), 'InvalidArgumentError');
    }
  });

  it('should accept pairs, escaped backslashes before u, and plain text', () => {
    for (const value of [{ a: '😀' }, { a: '\\ud800' }, { a: '\\\\' }, 'plain']) {
      expect(validateJsonText('data', JSON.stringify(value))).toEqual(
        E.right(JSON.stringify(value)),
      );
    }
  });
});
