import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyCors, CORS_MAX_AGE_SECONDS } from '../../../lib/server/http/cors';
import {
  call,
  startTestServer,
  type RawResponse,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

const FRONTEND = 'http://localhost:5173';

const preflight = (t: TestServer, path: string, method: string, headers: string) =>
  call(t.server, 'OPTIONS', path, {
    headers: {
      Origin: FRONTEND,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': headers,
    },
  });

const corsHeaders = (res: RawResponse) => ({
  origin: res.headers.get('access-control-allow-origin'),
  expose: res.headers.get('access-control-expose-headers'),
});

const EXPOSED = { origin: '*', expose: 'X-Simperium-Version, Retry-After' };

describe('applyCors', () => {
  describe('with the default options', () => {
    let t: TestServer;
    let user: TestUser;
    beforeAll(async () => {
      t = await startTestServer({ pollWindowMs: 5 });
      user = await t.createUser('cors@b.com');
    });
    afterAll(() => t.close());

    it('should answer a preflight with 204, the allowed methods and headers and a max age', async () => {
      const res = await preflight(
        t,
        `${t.base}/todo/i/x`,
        'POST',
        'content-type,x-simperium-token',
      );
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'Content-Type, X-Simperium-Token, X-Simperium-API-Key, X-Simperium-User',
      );
      expect(res.headers.get('access-control-max-age')).toBe(String(CORS_MAX_AGE_SECONDS));
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('should answer a preflight for the auth paths without any credential', async () => {
      const res = await preflight(t, `${t.base}/create/`, 'POST', 'x-simperium-api-key');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-headers')).toContain('X-Simperium-API-Key');
    });

    it('should expose the version header on a successful answer', async () => {
      expect((await t.as(user.access_token, 'POST', '/todo/i/a', { body: { n: 1 } })).status).toBe(
        200,
      );
      const res = await t.as(user.access_token, 'GET', '/todo/i/a', {
        headers: { Origin: FRONTEND },
      });
      expect(res.status).toBe(200);
      expect(res.version).toBe('1');
      expect(corsHeaders(res)).toEqual(EXPOSED);
    });

    it('should put the headers on error answers too', async () => {
      const answers = [
        await call(t.server, 'GET', '/nowhere'),
        await call(t.server, 'GET', `${t.base}/todo/index`),
        await t.as('not-a-token', 'GET', '/todo/index'),
        await t.as(user.access_token, 'PUT', '/todo/i/a'),
        await t.as(user.access_token, 'POST', '/todo/i/a?version=1', { body: { n: 1 } }),
      ];
      expect(answers.map((res) => res.status)).toEqual([404, 401, 401, 405, 412]);
      for (const res of answers) expect(corsHeaders(res)).toEqual(EXPOSED);
      expect(answers[4]?.version).toBe('1');
    });

    it('should put the headers on a held long-poll answered at the end of its window', async () => {
      const res = await t.as(user.access_token, 'GET', '/empty/changes');
      expect([res.status, res.text]).toEqual([200, '[]']);
      expect(corsHeaders(res)).toEqual(EXPOSED);
    });
  });

  describe('with cors: false', () => {
    let t: TestServer;
    let user: TestUser;
    beforeAll(async () => {
      t = await startTestServer({ cors: false });
      user = await t.createUser('nocors@b.com');
    });
    afterAll(() => t.close());

    it('should send no CORS header on any answer', async () => {
      const answers = [
        await t.as(user.access_token, 'POST', '/todo/i/a', { body: { n: 1 } }),
        await t.as(user.access_token, 'GET', '/todo/i/a'),
        await t.as('not-a-token', 'GET', '/todo/index'),
        await call(t.server, 'GET', '/nowhere'),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 200, 401, 404]);
      for (const res of answers) expect(corsHeaders(res)).toEqual({ origin: null, expose: null });
    });

    it('should route a preflight like any other request: 405 on a known path', async () => {
      const res = await preflight(t, `${t.base}/todo/i/x`, 'POST', 'x-simperium-token');
      expect(res.status).toBe(405);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    });
  });

  it('should leave a request that is not a preflight for the router', () => {
    const headers = new Map<string, string>();
    const res = {
      setHeader: (name: string, value: string) => headers.set(name, value),
      end: jest.fn(),
    };
    const handled = applyCors(
      { method: 'GET' } as IncomingMessage,
      res as unknown as ServerResponse,
    );
    expect(handled).toBe(false);
    expect(res.end).not.toHaveBeenCalled();
    expect([...headers.keys()]).toEqual([
      'Access-Control-Allow-Origin',
      'Access-Control-Expose-Headers',
    ]);
  });
});
