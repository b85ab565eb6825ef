import { AppRegistry, keyKind } from '../../../lib/server/domain/apps';
import { sha256 } from '../../../lib/server/domain/tokens';
import { openStorage, type Storage } from '../../../lib/server/storage';

describe('AppRegistry', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openStorage(':memory:');
    storage.apps.upsert({ id: 'app', apiKey: 'api-key', adminKey: 'admin-key' });
  });
  afterEach(() => storage.close());

  it('should find a stored app with the hashes of its keys, reading the database once', () => {
    const registry = new AppRegistry(storage);
    const find = jest.spyOn(storage.apps, 'find');
    const app = registry.find('app');
    expect(app).toMatchObject({ id: 'app', apiKey: 'api-key', adminKey: 'admin-key' });
    expect(app?.apiKeyHash).toEqual(sha256('api-key'));
    expect(app?.adminKeyHash).toEqual(sha256('admin-key'));
    expect(registry.find('app')).toBe(app);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('should not remember unknown ids', () => {
    const registry = new AppRegistry(storage);
    expect(registry.find('later')).toBeUndefined();
    storage.apps.upsert({ id: 'later', apiKey: 'k', adminKey: 'a' });
    expect(registry.find('later')).toMatchObject({ id: 'later' });
  });
});

describe('keyKind', () => {
  it('should tell the admin key, the API key and anything else apart by their hashes', () => {
    const storage = openStorage(':memory:');
    storage.apps.upsert({ id: 'app', apiKey: 'api-key', adminKey: 'admin-key' });
    const app = new AppRegistry(storage).find('app');
    storage.close();
    if (app === undefined) throw new Error('no app');
    expect(keyKind(app, sha256('admin-key'))).toBe('admin');
    expect(keyKind(app, sha256('api-key'))).toBe('api');
    expect(keyKind(app, sha256('api-key '))).toBeUndefined();
    expect(keyKind(app, sha256(''))).toBeUndefined();
  });
});
