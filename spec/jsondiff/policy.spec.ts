import type { Policy } from '../../lib/jsondiff';
import { attributesOf, itemPolicy, keyPolicy, otypeOf } from '../../lib/jsondiff/policy';

describe('otypeOf', () => {
  it('should read known operation types only', () => {
    expect(otypeOf({ otype: 'list_dmp' })).toBe('list_dmp');
    expect(otypeOf({ otype: 'bogus' } as unknown as Policy)).toBeUndefined();
    expect(otypeOf(undefined)).toBeUndefined();
  });
});

describe('attributesOf', () => {
  it('should prefer attributes and fall back to the bare map', () => {
    expect(attributesOf({ attributes: { a: {} } })).toEqual({ a: {} });
    expect(attributesOf({ a: { otype: 'integer' } })).toEqual({ a: { otype: 'integer' } });
    expect(attributesOf(undefined)).toBeUndefined();
  });
});

describe('keyPolicy', () => {
  it('should find a key policy and ignore inherited or non-object entries', () => {
    expect(keyPolicy({ attributes: { a: { otype: 'replace' } } }, 'a')).toEqual({
      otype: 'replace',
    });
    expect(keyPolicy({ a: { otype: 'replace' } }, 'constructor')).toBeUndefined();
    expect(keyPolicy({ a: 'integer' } as unknown as Policy, 'a')).toBeUndefined();
  });
});

describe('itemPolicy', () => {
  it('should read the item policy of a list policy', () => {
    expect(itemPolicy({ otype: 'list', item: { otype: 'integer' } })).toEqual({ otype: 'integer' });
    expect(itemPolicy({ otype: 'list' })).toBeUndefined();
  });
});
