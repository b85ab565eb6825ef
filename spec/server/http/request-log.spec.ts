import { loggablePath } from '../../../lib/server/http/request-log';

describe('loggablePath', () => {
  it('should redact query values whose names look secret', () => {
    expect(loggablePath('/1/a/b/all?cv=1&api_key=k&access_token=t&x=y')).toBe(
      '/1/a/b/all?cv=1&api_key=redacted&access_token=redacted&x=y',
    );
    expect(loggablePath('/1/a/b/index')).toBe('/1/a/b/index');
  });
});
