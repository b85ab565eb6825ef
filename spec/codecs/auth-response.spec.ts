import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { AuthResponse, toAuthResult } from '../../lib/codecs/auth-response';

const wire = {
  username: 'test@test.com',
  access_token: '84f27d20f93b414f8b7bc3441f87c9e1',
  userid: 'f5067cc81c9c26dcdca468f0cdf60508',
};

describe('AuthResponse', () => {
  it('should decode the documented answer', () => {
    expect(AuthResponse.decode(wire)).toEqual(E.right(wire));
  });

  it.each([
    [{ ...wire, userid: undefined }],
    [{ ...wire, access_token: 1 }],
    [[]],
    [null],
    ['token'],
  ])('should refuse %j', (u) => {
    expect(E.isLeft(AuthResponse.decode(u))).toBe(true);
  });

  it('should never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => E.isLeft(AuthResponse.decode(u)) || AuthResponse.is(u)),
    );
  });
});

describe('toAuthResult', () => {
  it('should map the wire names to readable ones', () => {
    expect(toAuthResult(wire)).toEqual({
      username: 'test@test.com',
      accessToken: '84f27d20f93b414f8b7bc3441f87c9e1',
      userId: 'f5067cc81c9c26dcdca468f0cdf60508',
    });
  });
});
