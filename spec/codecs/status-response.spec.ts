import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { StatusResponse } from '../../lib/codecs/status-response';

describe('StatusResponse', () => {
  it('should decode {"status":"success"}', () => {
    expect(StatusResponse.decode({ status: 'success' })).toEqual(E.right({ status: 'success' }));
  });

  it.each([[{ status: 'failure' }], [{}], [{ status: true }], ['success'], [null]])(
    'should refuse %j',
    (u) => {
      expect(E.isLeft(StatusResponse.decode(u))).toBe(true);
    },
  );

  it('should never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => E.isLeft(StatusResponse.decode(u)) || StatusResponse.is(u)),
    );
  });
});
