import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { openDbReader, type DbReader } from '../../support/db-snapshot';
import { hostileRequest } from '../../support/hostile-requests';
import { WRITABLE, buildWorld, send, snapshot, type World } from '../../support/isolation-world';
import { sendRaw, type RawSocketRequest } from '../../support/raw-socket';
import {
  call,
  startTestServer,
  until,
  type TestServer,
  type TestUser,
} from '../../support/server-http';

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

describe('handleRequest against hostile requests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simperium-hostile-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A world on a file database, with a reader of every stored row. */
  const hostileWorld = async (name: string): Promise<[World, DbReader]> => {
    const file = join(dir, `${name}.db`);
    const world = await buildWorld({ database: file, pollWindowMs: 5 });
    return [world, openDbReader(file)];
  };

  /**
   * Sends `runs` requests; each must be answered below 500, and each refused one (4xx) must
   * leave every stored row as it was. Accepted ones may change data: the next comparison starts
   * from what they left.
   */
  const assertRejectionsChangeNothing = async (
    world: World,
    db: DbReader,
    requests: fc.Arbitrary<RawSocketRequest>,
    runs: number,
  ): Promise<void> => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const before = db.snapshot();
        const answer = await sendRaw(world.server.port, request);
        expect(answer.status).toBeDefined();
        expect(answer.status).toBeLessThan(500);
        if ((answer.status ?? 500) >= 400) expect(db.snapshot()).toEqual(before);
      }),
      { numRuns: runs },
    );
    // Still up: a plain request is served, and no long-poll is left held.
    const res = await send(world, {
      method: 'GET',
      path: `/${world.bk2}/i/other`,
      headers: { 'X-Simperium-Token': world.b.token },
    });
    expect([res.status, res.version]).toEqual([200, '1']);
    await until(() => world.server.stats().heldPolls === 0);
  };

  it('should answer every request below 500, and refused ones should change nothing', async () => {
    const [world, db] = await hostileWorld('any');
    try {
      const keys = {
        tokens: [world.a.token, world.a.token, world.b.token, world.c.token],
        apiKeys: [world.one.apiKey],
        adminKeys: [world.one.adminKey],
        passwords: [world.a.password, world.b.password, world.c.password],
      };
      await assertRejectionsChangeNothing(world, db, hostileRequest(world, keys), 500);
    } finally {
      db.close();
      await world.remote.close();
    }
  });

  it("should leave the victims' data as it was whatever an attacker's keys send", async () => {
    const [world, db] = await hostileWorld('attacker');
    try {
      // Not E: the attacker holds app two's admin key, which may act as any user of app two,
      // E included (a run once made E an object that way). What it must not reach is app one.
      const victims = async () => ({
        b: await snapshot(world, world.b, 'one', WRITABLE),
        c: await snapshot(world, world.c, 'one'),
        p: await snapshot(world, world.pNew, 'one'),
      });
      const before = await victims();
      // A's own token and everything an attacker might hold: revoked or deleted users' tokens,
      // the API key, and the other app's keys.
      const keys = {
        tokens: [world.a.token, world.a.token, world.d.token, world.p.token, world.e.token],
        apiKeys: [world.one.apiKey, world.two.apiKey],
        adminKeys: [world.two.adminKey],
        passwords: [world.a.password, world.d.password, world.p.password],
      };
      await assertRejectionsChangeNothing(world, db, hostileRequest(world, keys), 500);
      expect(await victims()).toEqual(before);
    } finally {
      db.close();
      await world.remote.close();
    }
  });
});

describe('#12 handleRequest with bad input', () => {
  let t: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    user = await t.createUser('strict@b.com');
    expect((await t.as(user.access_token, 'POST', '/b/i/kept', { body: { n: 1 } })).status).toBe(
      200,
    );
  });
  afterAll(() => t.close());

  const raw = (method: string, target: string, body?: Uint8Array) =>
    sendRaw(t.server.port, {
      method,
      target: `${t.base}${target}`,
      headers: [['X-Simperium-Token', user.access_token]],
      ...(body && { body }),
    });

  /** The user's change feed and the object `kept`, to check that a refusal changed nothing. */
  const state = async () => ({
    feed: (await t.as(user.access_token, 'GET', '/b/changes?wait=0')).text,
    kept: (await t.as(user.access_token, 'GET', '/b/i/kept')).text,
  });

  const expect400 = (answer: { status: number | undefined; text: string }, message: string) => {
    expect(answer.status).toBe(400);
    expect(answer.text.endsWith(`\r\n\r\n${message}`)).toBe(true);
  };

  it.each([
    [
      'invalid UTF-8',
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d],
      'body is not valid UTF-8',
    ],
    [
      'overlong UTF-8',
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d],
      'body is not valid UTF-8',
    ],
    [
      'a lone surrogate in a value',
      [...Buffer.from('{"a":"\\ud800"}')],
      'lone surrogate in JSON text',
    ],
    ['a lone surrogate in a key', [...Buffer.from('{"\\udfff":1}')], 'lone surrogate in JSON text'],
  ])('should refuse a body with %s with a 400, changing nothing', async (_, bytes, message) => {
    const before = await state();
    for (const target of ['/b/i/kept', '/b/i/new', '/b/i/kept?replace=1']) {
      expect400(await raw('POST', target, Uint8Array.from(bytes)), message);
    }
    const bulk = Buffer.concat([
      Buffer.from('[{"id":"kept","o":"M","d":'),
      Buffer.from(bytes),
      Buffer.from('}]'),
    ]);
    expect400(await raw('POST', '/b/changes?wait=1', bulk), message);
    expect(await state()).toEqual(before);
    expect((await t.as(user.access_token, 'GET', '/b/i/new')).status).toBe(404);
  });

  it('should refuse an auth body that is not UTF-8 or holds a lone surrogate', async () => {
    for (const body of [
      Buffer.from([0x75, 0x3d, 0xff]),
      Buffer.from('{"username":"\\ud800@b.com","password":"x"}'),
    ]) {
      const answer = await sendRaw(t.server.port, {
        method: 'POST',
        target: `${t.base}/create/`,
        headers: [['X-Simperium-API-Key', t.app.apiKey]],
        body,
      });
      expect(answer.status).toBe(400);
    }
  });

  it.each(['/b/i/%FF', '/b/i/%ZZ', '/b/i/a%', '/b/i/%E2%82', '/b/i/%ED%A0%80'])(
    'should refuse the malformed percent-escape in %s with a 400, changing nothing',
    async (path) => {
      const before = await state();
      expect400(
        await raw('POST', path, Buffer.from('{"n":2}')),
        'malformed percent-escape in the path',
      );
      expect400(await raw('GET', path), 'malformed percent-escape in the path');
      expect(await state()).toEqual(before);
    },
  );

  it('should keep /i/%25FF as the object "%FF"', async () => {
    expect((await raw('POST', '/b/i/%25FF', Buffer.from('{"n":1}'))).status).toBe(200);
    expect((await t.as(user.access_token, 'GET', '/b/i/%25FF')).text).toBe('{"n":1}');
  });

  it('should refuse a repeated query parameter with a 400 naming it, changing nothing', async () => {
    const before = await state();
    expect400(
      await raw('POST', '/b/i/kept?replace=1&replace=0', Buffer.from('{"z":1}')),
      'duplicate query parameter "replace"',
    );
    expect400(
      await raw('GET', '/b/changes?wait=0&cv=000000000000000000000000&cv=1'),
      'duplicate query parameter "cv"',
    );
    expect400(
      await raw('POST', '/b/i/kept?ccid=%FF', Buffer.from('{"z":1}')),
      'malformed percent-escape in the query',
    );
    expect(await state()).toEqual(before);
  });

  it.each([`/${'b'.repeat(65)}/index`, '/%C3%A9/i/x', '/../changes', '/%2E%2E/index', '/./i/x'])(
    'should refuse the invalid bucket name in %s with a 400',
    async (path) => {
      expect400(await raw('GET', path), 'invalid bucket name');
    },
  );
});
