import { AppRegistry, type KnownApp } from '../../../lib/server/domain/apps';
import { actingUser, identifyCaller } from '../../../lib/server/domain/callers';
import { HttpFailure } from '../../../lib/server/domain/failure';
import { sha256Hex } from '../../../lib/server/domain/tokens';
import { openStorage, type Storage } from '../../../lib/server/storage';

const USER = 'u'.repeat(32);

describe('identifyCaller and actingUser', () => {
  let storage: Storage;
  let app: KnownApp;
  beforeEach(() => {
    storage = openStorage(':memory:');
    storage.apps.upsert({ id: 'app', apiKey: 'api-key', adminKey: 'admin-key' });
    storage.users.create({
      id: USER,
      app: 'app',
      username: 'u@b.com',
      password: { salt: '', hash: '' },
    });
    storage.users.addToken('app', USER, sha256Hex('token'));
    app = new AppRegistry(storage).find('app') as KnownApp;
  });
  afterEach(() => storage.close());

  const status = (f: () => unknown): number | undefined => {
    try {
      f();
      return undefined;
    } catch (err) {
      return err instanceof HttpFailure ? err.status : -1;
    }
  };
  const field = (value?: string) => ({ field: 'user', value });

  it("should find a token's user, and the user the admin key names", () => {
    const user = identifyCaller(storage, app, 'token');
    expect(user).toEqual({ admin: false, userId: USER });
    expect(actingUser(storage, app, user, field('someone else'))).toBe(USER);
    const admin = identifyCaller(storage, app, 'admin-key');
    expect(admin).toEqual({ admin: true });
    expect(actingUser(storage, app, admin, field(USER))).toBe(USER);
  });

  it('should refuse no secret, an unknown one and the API key, and an admin naming no known user', () => {
    expect(
      [undefined, '', 'nope', 'api-key'].map((s) => status(() => identifyCaller(storage, app, s))),
    ).toEqual([401, 401, 401, 403]);
    const admin = identifyCaller(storage, app, 'admin-key');
    expect(() => actingUser(storage, app, admin, field())).toThrow('missing user');
    expect(status(() => actingUser(storage, app, admin, field('x'.repeat(32))))).toBe(404);
  });
});
