import fc from 'fast-check';
import { loggablePath } from '../../lib/server/handler';
import { call, startTestServer, type TestServer, type TestUser } from '../support/server-http';

describe('handleRequest', () => {
  let t: TestServer;
  let user: TestUser;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestServer({
      maxBodyBytes: 1024,
      pollWindowMs: 5,
      log: (line) => lines.push(line),
    });
    user = await t.createUser('a@b.com', 'hunter2-password');
  });
  afterAll(() => t.close());

  it('should answer 404 for unknown paths and apps', async () => {
    for (const path of [
      '/',
      '/favicon.ico',
      '/2/test-app/b/index',
      `${t.base}/b/nope`,
      '/1/nope/b/index',
    ]) {
      expect((await call(t.server, 'GET', path)).status).toBe(404);
    }
  });

  it('should answer 405 with Allow for a wrong method', async () => {
    const res = await call(t.server, 'PUT', `${t.base}/b/i/x`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE');
    expect((await call(t.server, 'GET', `${t.base}/create/`)).status).toBe(405);
    expect((await t.as(user.access_token, 'POST', '/b/index', { body: {} })).status).toBe(405);
  });

  it('should answer 413 for a body over the limit, announced or streamed', async () => {
    const big = JSON.stringify({ a: 'x'.repeat(2000) });
    expect((await t.as(user.access_token, 'POST', '/b/i/big', { body: big })).status).toBe(413);
    const chunks = [JSON.stringify({ a: 'y'.repeat(600) }).slice(0, 600), 'y'.repeat(600)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const res = await fetch(`${t.server.url}${t.base}/b/i/big`, {
      method: 'POST',
      headers: { 'X-Simperium-Token': user.access_token },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await t.as(user.access_token, 'GET', '/b/i/big')).status).toBe(404);
  });

  it('should log one line per request without headers, bodies or secrets', async () => {
    lines.length = 0;
    await t.as(user.access_token, 'POST', '/b/i/logged?clientid=c&token=should-not-show', {
      body: { password: 'hunter2-password' },
    });
    await call(t.server, 'POST', `${t.base}/authorize/`, {
      body: `username=a%40b.com&password=hunter2-password&client_id=${t.app.apiKey}`,
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^POST \/1\/test-app\/b\/i\/logged\?clientid=c&token=redacted 200 \d+\.\dms$/,
    );
    expect(lines[1]).toMatch(/^POST \/1\/test-app\/authorize\/ 200 /);
    const all = lines.join('\n');
    for (const secret of [user.access_token, t.app.apiKey, 'hunter2', 'should-not-show']) {
      expect(all).not.toContain(secret);
    }
  });

  it('should never answer 500 whatever the method, path, headers and body', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '1',
        'test-app',
        'TEST-APP',
        'b',
        'i',
        'v',
        'share',
        'index',
        'changes',
        'all',
      ),
      fc.constantFrom('buckets', 'create', 'authorize', 'update', 'reset_password', 'delete', ''),
      fc.constantFrom(
        '%2F',
        '%',
        '%zz',
        '..',
        user.userid,
        'a@b.com',
        '0',
        '-1',
        '99999999999999999',
      ),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const query = fc.array(
      fc.tuple(
        fc.constantFrom(
          'cv',
          'mark',
          'since',
          'limit',
          'batch',
          'data',
          'wait',
          'ccid',
          'response',
          'replace',
        ),
        fc.oneof(
          fc.constantFrom('0', '1', 'ffffffffffffffffffffffff', '-5', ''),
          fc.string({ maxLength: 6 }),
        ),
      ),
      { maxLength: 3 },
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '{"username":"a@b.com","password":"hunter2-password"}',
        '{"write_access":true}',
        '{"a":"b"}',
      ),
    );
    const token = fc.constantFrom(
      undefined,
      user.access_token,
      t.app.adminKey,
      t.app.apiKey,
      'junk',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        fc.oneof(
          fc.array(segment, { minLength: 1, maxLength: 7 }),
          fc
            .array(segment, { minLength: 1, maxLength: 5 })
            .map((tail) => ['1', 'test-app', ...tail]),
          fc
            .array(segment, { minLength: 1, maxLength: 4 })
            .map((tail) => ['1', 'test-app', 'b', 'i', ...tail]),
        ),
        query,
        body,
        token,
        async (method, segments, params, payload, key) => {
          const path = `/${segments.join('/')}?${new URLSearchParams(params).toString()}`;
          const headers: Record<string, string> = {};
          if (key !== undefined) {
            headers['X-Simperium-Token'] = key;
            headers['X-Simperium-API-Key'] = key;
          }
          const res = await call(t.server, method, path, {
            headers,
            body: method === 'GET' ? undefined : (payload ?? undefined),
            signal: AbortSignal.timeout(5000),
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('loggablePath', () => {
  it('should redact query values whose names look secret', () => {
    expect(loggablePath('/1/a/b/all?cv=1&api_key=k&access_token=t&x=y')).toBe(
      '/1/a/b/all?cv=1&api_key=redacted&access_token=redacted&x=y',
    );
    expect(loggablePath('/1/a/b/index')).toBe('/1/a/b/index');
  });
});

describe('handleRequest with a failing log sink', () => {
  it('should keep serving when the log function throws', async () => {
    const t = await startTestServer({
      log: () => {
        throw new Error('sink down');
      },
    });
    try {
      expect((await call(t.server, 'GET', '/nowhere')).status).toBe(404);
      expect((await call(t.server, 'GET', '/nowhere')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
