/**
 * Users kept apart, as a table: every way one user (or a key without the rights) might reach
 * another user's data, sent as raw HTTP and through the client, against the local server with
 * two apps (see `isolation-world.ts` for the cast). Each row must get its status, no answer may
 * carry data its caller must not read, and afterwards the victims' data is as it was.
 */
import * as E from 'fp-ts/Either';
import { firstValueFrom, takeWhile, type Observable } from 'rxjs';
import type { Api } from '../../lib';
import type { SimperiumError } from '../../lib/errors';
import { collect } from '../support/collect';
import { expectRight } from '../support/either';
import {
  MARK,
  WRITABLE,
  apiOn,
  authOn,
  buildWorld,
  send,
  sharedId,
  snapshot,
  type Mark,
  type RawCall,
  type World,
} from '../support/isolation-world';
import { describeLocalOnly, randomName } from '../support/local-server';

type Result = E.Either<SimperiumError, unknown>;

interface Row {
  readonly name: string;
  /** The HTTP status expected, from the raw request and (as a `Left(HttpError)`) the client. */
  readonly status: number;
  /** Marks the caller may read in the answer (every other mark is forbidden). */
  readonly mayRead?: ReadonlyArray<Mark>;
  readonly raw?: (w: World) => RawCall;
  /** Every value the client emits for the same request. */
  readonly client?: (w: World) => Promise<Result[]>;
  /** More checks on the raw answer's body. */
  readonly check?: (text: string, w: World) => void;
}

const enc = encodeURIComponent;
const tok = (token: string): Record<string, string> => ({ 'X-Simperium-Token': token });
const once = async (obs$: Observable<Result>): Promise<Result[]> => [await firstValueFrom(obs$)];

/** The feed from the start up to `sentinel`, a change the caller writes first (or a `Left`). */
const feedUntil = async (api: Api, bucket: string, sentinel: string): Promise<Result[]> => {
  expectRight(await firstValueFrom(api.bucket(bucket).post$(sentinel, { at: sentinel })));
  return collect(
    api
      .bucket(bucket)
      .changes$()
      .pipe(takeWhile((r) => E.isRight(r) && r.right.id !== sentinel, true)),
  );
};

/** The ids A may see in its index and feed: its own and the objects B shares with it. */
const visibleToA = (w: World, id: string): boolean =>
  !id.includes('/') || ['ro', ...WRITABLE].some((s) => id === sharedId(w, s));

/** A raw request on app one, relative to `/1/{app id}`. */
const req = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): RawCall => ({ method, path, headers, ...(body === undefined ? {} : { body }) });
/** The same request on app two. */
const onTwo = (call: RawCall): RawCall => ({ ...call, app: 'two' });

/** The path of object `id` in the attacked bucket. */
const obj = (w: World, id: string, tail = ''): string => `/${w.bk}/i/${enc(id)}${tail}`;
/** B's object `id` as A names it. */
const bs = sharedId;
const asA = (w: World): Record<string, string> => tok(w.a.token);
const aNamingB = (w: World): Record<string, string> => ({
  ...asA(w),
  'X-Simperium-User': w.b.userId,
});
const apiKey = (key: string): Record<string, string> => ({ 'X-Simperium-API-Key': key });
const inA = (w: World) => w.a.api.bucket(w.bk);
const PWNED = { marker: 'pwned' };

const rows: ReadonlyArray<Row> = [
  // A's token against B's objects.
  {
    name: "A reads B's object as {B}/id",
    status: 404,
    raw: (w) => req('GET', obj(w, bs(w, 'secret')), asA(w)),
    client: (w) => once(inA(w).get$(bs(w, 'secret'))),
  },
  {
    name: "A reads B's object as two path segments",
    status: 404,
    raw: (w) => req('GET', `/${w.bk}/i/${w.b.userId}/secret`, asA(w)),
  },
  {
    name: "A reads B's id in A's own namespace",
    status: 404,
    raw: (w) => req('GET', obj(w, 'secret'), asA(w)),
    client: (w) => once(inA(w).get$('secret')),
  },
  {
    name: "A reads an old version of B's object",
    status: 404,
    raw: (w) => req('GET', obj(w, bs(w, 'secret'), '/v/1'), asA(w)),
    client: (w) => once(inA(w).get$(bs(w, 'secret'), { version: 1 })),
  },
  {
    name: "A writes B's object",
    status: 404,
    raw: (w) => req('POST', obj(w, bs(w, 'secret')), asA(w), PWNED),
    client: (w) => once(inA(w).post$(bs(w, 'secret'), PWNED)),
  },
  {
    name: "A writes B's object against an old version",
    status: 404,
    raw: (w) => req('POST', obj(w, bs(w, 'secret'), '/v/1'), asA(w), PWNED),
    client: (w) => once(inA(w).post$(bs(w, 'secret'), PWNED, { version: 1 })),
  },
  {
    name: "A deletes B's object",
    status: 404,
    raw: (w) => req('DELETE', obj(w, bs(w, 'secret')), asA(w)),
    client: (w) => once(inA(w).delete$(bs(w, 'secret'))),
  },
  {
    name: "A deletes the current version of B's object",
    status: 404,
    raw: (w) => req('DELETE', obj(w, bs(w, 'secret'), '/v/2'), asA(w)),
    client: (w) => once(inA(w).delete$(bs(w, 'secret'), { version: 2 })),
  },
  {
    name: "A shares B's object with A",
    status: 404,
    raw: (w) =>
      req('POST', obj(w, bs(w, 'secret'), `/share/${enc(w.a.username)}`), asA(w), {
        write_access: true,
      }),
    client: (w) => once(inA(w).share$(bs(w, 'secret'), w.a.username, { writeAccess: true })),
  },
  {
    name: "A changes B's objects through the bulk endpoint",
    status: 200,
    raw: (w) =>
      req('POST', `/${w.bk}/changes?wait=1`, asA(w), [
        { id: bs(w, 'secret'), o: 'M', v: { marker: { o: 'r', v: 'pwned' } } },
        { id: bs(w, 'ro'), o: 'M', v: { text: { o: 'r', v: 'pwned' } } },
        { id: bs(w, 'secret'), o: '-' },
        { id: bs(w, 'ro'), o: '-' },
        { id: bs(w, 'other'), o: 'M', d: PWNED },
      ]),
    check: (text) => {
      const results = JSON.parse(text) as Array<{ error?: number }>;
      expect(results.map((r) => r.error)).toEqual([404, 401, 404, 401, 404]);
    },
  },
  {
    name: "A's index lists only A's objects and B's shares",
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/index?data=1&limit=1000`, asA(w)),
    client: (w) => collect(inA(w).index$({ data: true })),
    check: (text, w) => {
      const ids = (JSON.parse(text) as { index: Array<{ id: string }> }).index.map((e) => e.id);
      expect(ids.filter((id) => !visibleToA(w, id))).toEqual([]);
      expect(ids).toContain(bs(w, 'ro'));
    },
  },
  {
    name: "A's feed holds only A's changes and B's shares",
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/changes?wait=0`, asA(w)),
    client: (w) => feedUntil(w.a.api, w.bk, randomName('sentinel-')),
    check: (text, w) => {
      const ids = (JSON.parse(text) as Array<{ id: string }>).map((change) => change.id);
      expect(ids.filter((id) => !visibleToA(w, id))).toEqual([]);
    },
  },
  {
    name: "A's feed from the cv of B's private change",
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/changes?wait=0&cv=${w.bCv}`, asA(w)),
  },
  {
    name: "A's index since the cv of B's private change",
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/index?data=1&since=${w.bCv}`, asA(w)),
  },
  // Shares: read-only, and with write access.
  {
    name: 'A reads the object B shared read-only',
    status: 200,
    mayRead: ['ro'],
    raw: (w) => req('GET', obj(w, bs(w, 'ro')), asA(w)),
    client: (w) => once(inA(w).get$(bs(w, 'ro'))),
  },
  {
    name: 'A writes the object B shared read-only',
    status: 403,
    raw: (w) => req('POST', obj(w, bs(w, 'ro')), asA(w), PWNED),
    client: (w) => once(inA(w).post$(bs(w, 'ro'), PWNED)),
  },
  {
    name: 'A deletes the object B shared read-only',
    status: 403,
    raw: (w) => req('DELETE', obj(w, bs(w, 'ro')), asA(w)),
    client: (w) => once(inA(w).delete$(bs(w, 'ro'))),
  },
  {
    name: 'A re-shares the object B shared read-only',
    status: 403,
    raw: (w) => req('POST', obj(w, bs(w, 'ro'), `/share/${enc(w.c.username)}`), asA(w), {}),
    client: (w) => once(inA(w).share$(bs(w, 'ro'), w.c.username)),
  },
  {
    name: 'A writes the object B shared with write access',
    status: 200,
    mayRead: ['rw'],
    raw: (w) => req('POST', obj(w, bs(w, 'rw')), asA(w), { byRaw: 'A' }),
    client: (w) => once(inA(w).post$(bs(w, 'rw'), { byClient: 'A' })),
  },
  {
    name: 'A re-shares the object B shared with write access',
    status: 403,
    raw: (w) =>
      req('POST', obj(w, bs(w, 'rw'), `/share/${enc(w.c.username)}`), asA(w), {
        write_access: true,
      }),
    client: (w) => once(inA(w).share$(bs(w, 'rw'), w.c.username, { writeAccess: true })),
  },
  // The server's rule (share-object.ts, delete-object.ts): write access includes deleting.
  {
    name: 'A deletes an object B shared with write access (raw)',
    status: 200,
    raw: (w) => req('DELETE', obj(w, bs(w, 'rwdel-raw')), asA(w)),
  },
  {
    name: 'A deletes an object B shared with write access (client)',
    status: 200,
    client: (w) => once(inA(w).delete$(bs(w, 'rwdel-client'))),
  },
  // Keys without admin rights, on every admin endpoint.
  {
    name: "A's token on all",
    status: 403,
    raw: (w) => req('GET', `/${w.bk}/all?wait=0&data=1`, asA(w)),
    client: (w) => once(inA(w).all$({ data: true })),
  },
  {
    name: 'the API key on all',
    status: 403,
    raw: (w) => req('GET', `/${w.bk}/all?wait=0&data=1`, tok(w.one.apiKey)),
    client: (w) => once(apiOn(w, 'one', w.one.apiKey).bucket(w.bk).all$({ data: true })),
  },
  {
    name: "A's token on buckets",
    status: 403,
    raw: (w) => req('GET', '/buckets', asA(w)),
    client: (w) => once(w.a.api.buckets$()),
  },
  {
    name: 'the API key on buckets',
    status: 403,
    raw: (w) => req('GET', '/buckets', tok(w.one.apiKey)),
    client: (w) => once(apiOn(w, 'one', w.one.apiKey).buckets$()),
  },
  {
    name: "the API key resets B's password",
    status: 403,
    raw: (w) =>
      req('POST', '/reset_password/', apiKey(w.one.apiKey), {
        username: w.b.username,
        new_password: 'pwned',
      }),
    client: (w) => once(authOn(w, 'one', w.one.apiKey).resetPassword$(w.b.username, 'pwned')),
  },
  {
    name: "A's token resets B's password",
    status: 401,
    raw: (w) =>
      req('POST', '/reset_password/', asA(w), { username: w.b.username, new_password: 'pwned' }),
    client: (w) => once(authOn(w, 'one', w.a.token).resetPassword$(w.b.username, 'pwned')),
  },
  {
    name: 'the API key deletes B',
    status: 403,
    raw: (w) => req('POST', '/delete/', apiKey(w.one.apiKey), { username: w.b.username }),
    client: (w) => once(authOn(w, 'one', w.one.apiKey).delete$(w.b.username)),
  },
  {
    name: "A's token deletes B",
    status: 401,
    raw: (w) => req('POST', '/delete/', asA(w), { username: w.b.username }),
    client: (w) => once(authOn(w, 'one', w.a.token).delete$(w.b.username)),
  },
  {
    name: 'the API key acts as B to read',
    status: 403,
    raw: (w) =>
      req('GET', obj(w, 'secret'), { ...tok(w.one.apiKey), 'X-Simperium-User': w.b.userId }),
    client: (w) => once(apiOn(w, 'one', w.one.apiKey, w.b.userId).bucket(w.bk).get$('secret')),
  },
  {
    name: 'the API key acts as B to write',
    status: 403,
    raw: (w) =>
      req(
        'POST',
        obj(w, 'secret'),
        { ...tok(w.one.apiKey), 'X-Simperium-User': w.b.userId },
        PWNED,
      ),
    client: (w) =>
      once(apiOn(w, 'one', w.one.apiKey, w.b.userId).bucket(w.bk).post$('secret', PWNED)),
  },
  // A user token naming another user in X-Simperium-User: the header is ignored, A stays A.
  {
    name: 'A names B in X-Simperium-User to read',
    status: 404,
    raw: (w) => req('GET', obj(w, 'secret'), aNamingB(w)),
    client: (w) => once(apiOn(w, 'one', w.a.token, w.b.userId).bucket(w.bk).get$('secret')),
  },
  {
    name: 'A names B in X-Simperium-User to list',
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/index?data=1`, aNamingB(w)),
    client: (w) =>
      collect(apiOn(w, 'one', w.a.token, w.b.userId).bucket(w.bk).index$({ data: true })),
  },
  {
    name: "A names B in X-Simperium-User to read B's feed",
    status: 200,
    mayRead: ['ro', 'rw'],
    raw: (w) => req('GET', `/${w.bk}/changes?wait=0`, aNamingB(w)),
  },
  {
    name: "A names B in X-Simperium-User to write (lands in A's own namespace)",
    status: 200,
    raw: (w) => req('POST', obj(w, 'secret'), aNamingB(w), { marker: 'written by A, raw' }),
    client: (w) =>
      once(
        apiOn(w, 'one', w.a.token, w.b.userId)
          .bucket(w.bk)
          .post$('secret', { marker: 'written by A, client' }),
      ),
  },
  // A deleted user's old token and password.
  {
    name: "the deleted user's token lists",
    status: 401,
    raw: (w) => req('GET', `/${w.bk}/index`, tok(w.d.token)),
    client: (w) => collect(w.d.api.bucket(w.bk).index$()),
  },
  {
    name: "the deleted user's token reads",
    status: 401,
    raw: (w) => req('GET', obj(w, 'dobj'), tok(w.d.token)),
    client: (w) => once(w.d.api.bucket(w.bk).get$('dobj')),
  },
  {
    name: "the deleted user's token writes",
    status: 401,
    raw: (w) => req('POST', obj(w, 'dobj'), tok(w.d.token), { back: true }),
    client: (w) => once(w.d.api.bucket(w.bk).post$('dobj', { back: true })),
  },
  {
    name: "the deleted user's token follows the feed",
    status: 401,
    raw: (w) => req('GET', `/${w.bk}/changes?wait=0`, tok(w.d.token)),
    client: (w) => once(w.d.api.bucket(w.bk).changes$()),
  },
  {
    name: "the deleted user's password",
    status: 401,
    raw: (w) =>
      req('POST', '/authorize/', apiKey(w.one.apiKey), {
        username: w.d.username,
        password: w.d.password,
      }),
    client: (w) => once(authOn(w, 'one', w.one.apiKey).authorize$(w.d.username, w.d.password)),
  },
  {
    name: 'the admin key acting as the deleted user',
    status: 404,
    raw: (w) =>
      req('GET', obj(w, 'dobj'), { ...tok(w.one.adminKey), 'X-Simperium-User': w.d.userId }),
    client: (w) => once(apiOn(w, 'one', w.one.adminKey, w.d.userId).bucket(w.bk).get$('dobj')),
  },
  // Credentials of one app used on the other.
  {
    name: "app two's token on app one",
    status: 401,
    raw: (w) => req('GET', `/${w.bk}/index`, tok(w.e.token)),
    client: (w) => collect(apiOn(w, 'one', w.e.token).bucket(w.bk).index$()),
  },
  {
    name: "A's token on app two",
    status: 401,
    raw: (w) => onTwo(req('GET', `/${w.bk}/index`, asA(w))),
    client: (w) => collect(apiOn(w, 'two', w.a.token).bucket(w.bk).index$()),
  },
  {
    name: "A's token on an app-two object",
    status: 401,
    raw: (w) => onTwo(req('GET', obj(w, `${w.e.userId}/eobj`), asA(w))),
    client: (w) => once(apiOn(w, 'two', w.a.token).bucket(w.bk).get$(`${w.e.userId}/eobj`)),
  },
  {
    name: "app one's API key creates a user on app two",
    status: 401,
    raw: (w) =>
      onTwo(
        req('POST', '/create/', apiKey(w.one.apiKey), {
          username: 'intruder@example.com',
          password: 'x',
        }),
      ),
    client: (w) => once(authOn(w, 'two', w.one.apiKey).create$('intruder@example.com', 'x')),
  },
  {
    name: "app one's user signs in on app two",
    status: 401,
    raw: (w) =>
      onTwo(
        req('POST', '/authorize/', apiKey(w.two.apiKey), {
          username: w.b.username,
          password: w.b.password,
        }),
      ),
    client: (w) => once(authOn(w, 'two', w.two.apiKey).authorize$(w.b.username, w.b.password)),
  },
  {
    name: "app one's admin key on app two's all",
    status: 401,
    raw: (w) => onTwo(req('GET', `/${w.bk}/all?wait=0&data=1`, tok(w.one.adminKey))),
    client: (w) => once(apiOn(w, 'two', w.one.adminKey).bucket(w.bk).all$({ data: true })),
  },
  {
    name: "app one's admin key acting as an app-two user",
    status: 401,
    raw: (w) =>
      onTwo(req('GET', obj(w, 'eobj'), { ...tok(w.one.adminKey), 'X-Simperium-User': w.e.userId })),
    client: (w) => once(apiOn(w, 'two', w.one.adminKey, w.e.userId).bucket(w.bk).get$('eobj')),
  },
  {
    name: "app two's admin key acting as an app-one user",
    status: 404,
    raw: (w) =>
      onTwo(
        req('GET', obj(w, 'secret'), { ...tok(w.two.adminKey), 'X-Simperium-User': w.b.userId }),
      ),
    client: (w) => once(apiOn(w, 'two', w.two.adminKey, w.b.userId).bucket(w.bk).get$('secret')),
  },
  // A password change.
  {
    name: 'the token from before the password change',
    status: 401,
    raw: (w) => req('GET', obj(w, 'pobj'), tok(w.p.token)),
    client: (w) => once(w.p.api.bucket(w.bk).get$('pobj')),
  },
  {
    name: 'the password from before the change',
    status: 401,
    raw: (w) =>
      req('POST', '/authorize/', apiKey(w.one.apiKey), {
        username: w.p.username,
        password: w.p.password,
      }),
    client: (w) => once(authOn(w, 'one', w.one.apiKey).authorize$(w.p.username, w.p.password)),
  },
  {
    name: 'the new password',
    status: 200,
    raw: (w) =>
      req('POST', '/authorize/', apiKey(w.one.apiKey), {
        username: w.pNew.username,
        password: w.pNew.password,
      }),
    client: (w) =>
      once(authOn(w, 'one', w.one.apiKey).authorize$(w.pNew.username, w.pNew.password)),
  },
  {
    name: 'a token from the new password',
    status: 200,
    mayRead: ['p'],
    raw: (w) => req('GET', obj(w, 'pobj'), tok(w.pNew.token)),
    client: (w) => once(w.pNew.api.bucket(w.bk).get$('pobj')),
  },
];

const forbidden = (row: Row): string[] =>
  (Object.keys(MARK) as Mark[]).filter((m) => !row.mayRead?.includes(m)).map((m) => MARK[m]);

const expectNoLeak = (text: string, row: Row): void => {
  for (const mark of forbidden(row)) expect(text).not.toContain(mark);
};

describeLocalOnly('isolation matrix against the local server', () => {
  let w: World;
  let before: Record<string, Record<string, unknown>>;
  const victims = async (world: World): Promise<Record<string, Record<string, unknown>>> => ({
    b: await snapshot(world, world.b, 'one', WRITABLE),
    c: await snapshot(world, world.c, 'one'),
    p: await snapshot(world, world.pNew, 'one'),
    e: await snapshot(world, world.e, 'two'),
  });

  beforeAll(async () => {
    w = await buildWorld();
    before = await victims(w);
  });
  afterAll(() => w.remote.close());

  describe.each(rows)('$name', (row) => {
    const { raw, client, status } = row;
    if (raw) {
      it(`should answer ${status} over raw HTTP, leaking nothing`, async () => {
        const res = await send(w, raw(w));
        expect(res.status).toBe(status);
        expectNoLeak(res.text, row);
        if (status >= 400) expect(res.version).toBeNull();
        row.check?.(res.text, w);
      });
    }
    const outcome = status === 200 ? 'Right' : `Left(HttpError ${status})`;
    if (client) {
      it(`should give ${outcome} through the client, leaking nothing`, async () => {
        const results = await client(w);
        expect(results.length).toBeGreaterThan(0);
        if (status === 200) results.forEach((r) => expectRight(r));
        else
          expect(results[0]).toEqual(
            E.left(expect.objectContaining({ _tag: 'HttpError', status })),
          );
        expectNoLeak(JSON.stringify(results), row);
      });
    }
  });

  describe('afterwards', () => {
    it("should leave the victims' objects, versions and feeds as they were", async () => {
      expect(await victims(w)).toEqual(before);
    });

    it('should have applied exactly the writes the shares allow', async () => {
      const mine = w.b.api.bucket(w.bk);
      const secret = expectRight(await firstValueFrom(mine.get$('secret')));
      expect(secret).toMatchObject({ version: 2, data: { marker: MARK.secret } });
      expect(expectRight(await firstValueFrom(mine.get$('ro'))).data).toEqual({ text: MARK.ro });
      expect(expectRight(await firstValueFrom(mine.get$('rw'))).data).toEqual({
        text: MARK.rw,
        byRaw: 'A',
        byClient: 'A',
      });
      for (const id of ['rwdel-raw', 'rwdel-client']) {
        expect(await firstValueFrom(mine.get$(id))).toEqual(
          E.left(expect.objectContaining({ status: 404 })),
        );
      }
    });

    it("should have put A's writes naming B in X-Simperium-User in A's own namespace", async () => {
      const own = expectRight(await firstValueFrom(w.a.api.bucket(w.bk).get$('secret')));
      expect(own.data).toEqual({ marker: 'written by A, client' });
      expect(own.version).toBe(2);
    });

    it("should keep B's password and token working", async () => {
      expectRight(
        await firstValueFrom(authOn(w, 'one', w.one.apiKey).authorize$(w.b.username, w.b.password)),
      );
      expectRight(await firstValueFrom(w.b.api.bucket(w.bk2).get$('other')));
    });

    it("should answer for B's objects exactly as for objects that never existed", async () => {
      const paths = (id: string): RawCall[] => [
        { method: 'GET', path: `/${w.bk}/i/${enc(id)}` },
        { method: 'GET', path: `/${w.bk}/i/${enc(id)}/v/1` },
        { method: 'POST', path: `/${w.bk}/i/${enc(id)}`, body: { x: 1 } },
        { method: 'DELETE', path: `/${w.bk}/i/${enc(id)}` },
        { method: 'POST', path: `/${w.bk}/i/${enc(id)}/share/${enc(w.c.username)}`, body: {} },
      ];
      const answers = async (id: string) => {
        const out: unknown[] = [];
        for (const attempt of paths(id)) {
          const res = await send(w, { ...attempt, headers: tok(w.a.token) });
          out.push([res.status, res.text, res.version, res.headers.get('content-type')]);
        }
        return out;
      };
      expect(await answers(sharedId(w, 'secret'))).toEqual(
        await answers(sharedId(w, randomName('never-'))),
      );
    });
  });
});
