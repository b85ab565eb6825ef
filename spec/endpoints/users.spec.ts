import {
  authorizeUser$,
  createUser$,
  deleteUser$,
  resetPassword$,
  updateUser$,
} from '../../lib/endpoints/users';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, authContext } from '../support/endpoint-context';

const signedIn = { username: 'ann@example.com', access_token: 'secret-token', userid: 'u1' };

describe('the user endpoints', () => {
  it.each([
    ['createUser$', createUser$, 'create'],
    ['authorizeUser$', authorizeUser$, 'authorize'],
  ] as const)(
    '%s should POST the credentials and emit the signed-in user',
    async (_n, call, path) => {
      const { ctx, mock } = authContext();
      mock.fm.route('*', { status: 200, body: signedIn });
      expect(expectRight(await single(call(ctx, 'ann@example.com', 'pw')))).toEqual({
        username: 'ann@example.com',
        accessToken: 'secret-token',
        userId: 'u1',
      });
      expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/${path}/`);
      expect(mock.onlyCall().body).toBe('{"username":"ann@example.com","password":"pw"}');
    },
  );

  it('updateUser$ should refuse to send an update that changes nothing', async () => {
    const { ctx, mock } = authContext();
    expect(
      expectLeft(await single(updateUser$(ctx, 'ann', 'pw')), 'InvalidArgumentError').argument,
    ).toBe('changes');
    expect(mock.calls()).toHaveLength(0);
  });

  it.each([
    [
      'resetPassword$',
      () => resetPassword$,
      'reset_password',
      '{"username":"ann","new_password":"n"}',
    ],
    ['deleteUser$', () => deleteUser$, 'delete', '{"username":"ann"}'],
  ] as const)('%s should POST and emit undefined on success', async (_n, pick, path, body) => {
    const { ctx, mock } = authContext();
    mock.fm.route('*', { status: 200, body: { status: 'success' } });
    const call = pick() as (c: typeof ctx, u: string, p: string) => ReturnType<typeof deleteUser$>;
    expect(expectRight(await single(call(ctx, 'ann', 'n')))).toBeUndefined();
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/${path}/`);
    expect(mock.onlyCall().body).toBe(body);
  });
});
