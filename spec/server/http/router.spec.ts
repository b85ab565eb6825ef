import { parseRoute } from '../../../lib/server/http/router';

describe('parseRoute', () => {
  it('should route the auth endpoints with or without a trailing slash', () => {
    expect(parseRoute('/1/My-App/create/')).toEqual({
      kind: 'auth',
      app: 'my-app',
      action: 'create',
    });
    expect(parseRoute('/1/app/reset_password')).toEqual({
      kind: 'auth',
      app: 'app',
      action: 'reset_password',
    });
  });

  it('should route bucket endpoints with lower-cased app and bucket names', () => {
    expect(parseRoute('/1/APP/Todo/index')).toEqual({ kind: 'index', app: 'app', bucket: 'todo' });
    expect(parseRoute('/1/app/todo/changes')).toEqual({
      kind: 'changes',
      app: 'app',
      bucket: 'todo',
    });
    expect(parseRoute('/1/app/todo/all/')).toEqual({ kind: 'all', app: 'app', bucket: 'todo' });
    expect(parseRoute('/1/app/buckets')).toEqual({ kind: 'buckets', app: 'app' });
  });

  it('should route objects, versions and shares', () => {
    expect(parseRoute('/1/app/todo/i/Item1')).toEqual({
      kind: 'object',
      app: 'app',
      bucket: 'todo',
      key: 'Item1',
    });
    expect(parseRoute('/1/app/todo/i/item1/v/3')).toEqual({
      kind: 'object',
      app: 'app',
      bucket: 'todo',
      key: 'item1',
      version: '3',
    });
    expect(parseRoute('/1/app/todo/i/item1/share/b%40x.com')).toEqual({
      kind: 'share',
      app: 'app',
      bucket: 'todo',
      key: 'item1',
      username: 'b@x.com',
    });
  });

  it('should accept a shared id as two segments or percent-encoded', () => {
    const expected = { kind: 'object', app: 'app', bucket: 'b', key: 'owner/item', version: '2' };
    expect(parseRoute('/1/app/b/i/owner/item/v/2')).toEqual(expected);
    expect(parseRoute('/1/app/b/i/owner%2Fitem/v/2')).toEqual(expected);
    expect(parseRoute('/1/app/b/i/owner%2fitem')).toEqual({ ...expected, version: undefined });
  });

  it.each([
    '/1/app/b/i/50%off',
    '/1/app/b/i/%FF',
    '/1/app/b/i/%ZZ',
    '/1/app/b/i/a%',
    '/1/app/b/i/%E2%82',
    '/1/app/b/i/%ED%A0%80',
    '/1/app/%FF/index',
  ])('#12 should refuse the malformed percent-escape in %s with a 400', (path) => {
    expect(() => parseRoute(path)).toThrow('malformed percent-escape in the path');
  });

  it('#12 should tell /i/%FF from /i/%25FF: only the second is an id, "%FF"', () => {
    expect(parseRoute('/1/app/b/i/%25FF')).toMatchObject({ key: '%FF' });
  });

  it.each([
    `/1/app/${'b'.repeat(65)}/index`,
    '/1/app/%C3%A9/changes',
    '/1/app/../all',
    '/1/app/%2E%2E/i/x',
    '/1/app/./index',
    '/1/app/bad bucket/index',
    '/1/app//index',
  ])('#12 should refuse the invalid bucket name in %s with a 400', (path) => {
    expect(() => parseRoute(path)).toThrow('invalid bucket name');
  });

  it('should accept bucket names of 64 characters and those with . _ % -', () => {
    expect(parseRoute(`/1/app/${'b'.repeat(64)}/index`)).toMatchObject({ kind: 'index' });
    expect(parseRoute('/1/app/a.b_c%25d-e/index')).toMatchObject({ bucket: 'a.b_c%d-e' });
  });

  it.each([
    '/',
    '/2/app/create/',
    '/1/app',
    '/1/app/unknown',
    '/1/app/todo/nothing',
    '/1/app/todo/index/extra',
    '/1/app/todo/i',
    '/1/app/todo/i/',
    '/1/app/todo/i/a/b/c',
    '/1/app/todo/i/a/x/1',
    '/1/app/todo/i/a/b/c/d/e',
    '/1/bad app/todo/index',
    '/1/app/bad bucket/unknown',
  ])('should not route %s', (path) => {
    expect(parseRoute(path)).toBeUndefined();
  });
});
