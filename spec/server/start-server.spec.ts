import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../lib/server';
import { trackResources } from '../support/handles';
import { APP, call, json, startTestServer, until } from '../support/server-http';

describe('startServer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simperium-server-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should listen on 127.0.0.1 on a free port by default', async () => {
    const server = await startServer({ apps: [APP] });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      expect(server.stats()).toEqual({
        heldPolls: 0,
        openSockets: 0,
        streamingSockets: 0,
        streamingChannels: 0,
      });
    } finally {
      await server.close();
    }
  });

  it('should create a demo app with random keys when none is given', async () => {
    const server = await startServer();
    try {
      const [app] = server.apps;
      expect(server.apps).toHaveLength(1);
      expect(app?.apiKey).toMatch(/^[0-9a-f]{32}$/);
      expect(app?.adminKey).toMatch(/^[0-9a-f]{32}$/);
      const res = await call(server, 'POST', `/1/${app?.id}/create/`, {
        headers: { 'X-Simperium-API-Key': app?.apiKey ?? '' },
        body: { username: 'demo@b.com', password: 'p' },
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('should serve app ids case-insensitively', async () => {
    const server = await startServer({ apps: [{ id: 'MixedCase', apiKey: 'k', adminKey: 'a' }] });
    try {
      expect(server.apps[0]?.id).toBe('mixedcase');
      const res = await call(server, 'POST', '/1/MIXEDCASE/create/', {
        headers: { 'X-Simperium-API-Key': 'k' },
        body: { username: 'x@b.com', password: 'p' },
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('should keep users, tokens, objects, versions and history in a file database across a restart', async () => {
    const database = join(dir, 'simperium.sqlite');
    const first = await startTestServer({ database });
    const user = await first.createUser('keep@b.com', 'pw');
    await first.as(user.access_token, 'POST', '/notes/i/n1', { body: { a: 'b' } });
    await first.as(user.access_token, 'POST', '/notes/i/n1', { body: { a: 'bc' } });
    const before = json(
      await first.as(user.access_token, 'GET', '/notes/changes?wait=0'),
    ) as Array<{ cv: string }>;
    await first.close();

    const second = await startTestServer({ database });
    try {
      const token = user.access_token;
      const current = await second.as(token, 'GET', '/notes/i/n1');
      expect([current.status, current.version, json(current)]).toEqual([200, '2', { a: 'bc' }]);
      expect(json(await second.as(token, 'GET', '/notes/i/n1/v/1'))).toEqual({ a: 'b' });
      const lastCv = before[before.length - 1]?.cv ?? '';
      const rebased = await second.as(token, 'POST', '/notes/i/n1/v/1?response=1', {
        body: { a: 'bd' },
      });
      expect(json(rebased)).toEqual({ a: 'bcd' });
      const after = json(
        await second.as(token, 'GET', `/notes/changes?wait=0&cv=${lastCv}`),
      ) as Array<{
        cv: string;
        ev: number;
      }>;
      expect(after.map((c) => c.ev)).toEqual([3]);
      expect((after[0]?.cv ?? '') > lastCv).toBe(true);
      const login = await call(second.server, 'POST', `${second.base}/authorize/`, {
        headers: { 'X-Simperium-API-Key': APP.apiKey },
        body: { username: 'keep@b.com', password: 'pw' },
      });
      expect(login.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('should keep cvs increasing across a restart even after the newest changes were deleted', async () => {
    const database = join(dir, 'cvs.sqlite');
    const first = await startTestServer({ database });
    const [keep, gone] = await Promise.all([
      first.createUser('keep@b.com'),
      first.createUser('gone@b.com'),
    ]);
    await first.as(keep.access_token, 'POST', '/b/i/x', { body: { n: 1 } });
    await first.as(gone.access_token, 'POST', '/b/i/y', { body: { n: 1 } });
    const [newest] = json(await first.as(gone.access_token, 'GET', '/b/changes?wait=0')) as Array<{
      cv: string;
    }>;
    const deleted = await call(first.server, 'POST', `${first.base}/delete/`, {
      headers: { 'X-Simperium-API-Key': APP.adminKey },
      body: { username: 'gone@b.com' },
    });
    expect(deleted.status).toBe(200);
    await first.close();

    const second = await startTestServer({ database });
    try {
      await second.as(keep.access_token, 'POST', '/b/i/x', { body: { n: 2 } });
      const changes = json(
        await second.as(keep.access_token, 'GET', '/b/changes?wait=0'),
      ) as Array<{ cv: string }>;
      expect(changes).toHaveLength(2);
      expect((changes[1]?.cv ?? '') > (newest?.cv ?? 'g')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('should reuse the apps stored in a file database when none are given', async () => {
    const database = join(dir, 'apps.sqlite');
    const first = await startServer({ database });
    const apps = first.apps;
    await first.close();
    const second = await startServer({ database });
    try {
      expect(second.apps).toEqual(apps);
    } finally {
      await second.close();
    }
  });

  it('#12 should reject limits that are not positive whole numbers', async () => {
    await expect(startServer({ maxAnswerBytes: 0 })).rejects.toThrow(
      'maxAnswerBytes must be a positive whole number, got 0',
    );
    await expect(startServer({ sendTimeoutMs: 1.5 })).rejects.toThrow('sendTimeoutMs');
    await expect(startServer({ headersTimeoutMs: 500, requestTimeoutMs: 100 })).rejects.toThrow(
      'requestTimeoutMs must be at least headersTimeoutMs',
    );
  });

  it('should reject invalid apps and a port in use, leaving nothing open', async () => {
    const taken = await startServer({ apps: [APP] });
    const resources = await trackResources();
    await expect(
      startServer({ apps: [{ id: 'bad id', apiKey: 'k', adminKey: 'a' }] }),
    ).rejects.toThrow('invalid app id');
    await expect(startServer({ apps: [{ id: 'ok', apiKey: '', adminKey: 'a' }] })).rejects.toThrow(
      'empty key',
    );
    try {
      await expect(startServer({ apps: [APP], port: taken.port })).rejects.toThrow(/EADDRINUSE/);
      expect(await resources.leaked()).toEqual({});
    } finally {
      await taken.close();
    }
  });

  it('should close with held polls and keep-alive connections open, once, leaving nothing open', async () => {
    const resources = await trackResources();
    const t = await startTestServer();
    const user = await t.createUser('x@b.com');
    const polls = [
      t.as(user.access_token, 'GET', '/b/changes'),
      t.as(t.app.adminKey, 'GET', '/b/all'),
    ];
    await until(() => t.server.stats().heldPolls === 2);
    await Promise.all([t.server.close(), t.server.close()]);
    expect((await Promise.all(polls)).map((r) => [r.status, r.text])).toEqual([
      [200, '[]'],
      [200, '[]'],
    ]);
    await expect(fetch(`${t.server.url}/`)).rejects.toThrow();
    expect(await resources.leaked()).toEqual({});
  });
});
