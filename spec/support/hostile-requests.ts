/**
 * fast-check arbitraries for hostile requests against an isolation world (see
 * `isolation-world.ts`). Each request starts as a well-formed call of the API made with the
 * credentials given (read, write, delete or share an object, list, follow a feed, bulk-write,
 * sign in, rename, reset, delete a user…) and then goes through up to three hostile edits: another
 * key or none, another user's object id, `X-Simperium-User` naming someone, another app, a dot
 * segment or raw escape (`..`, `%2F`, `%00`, overlong UTF-8) or a very long segment, another
 * method, odd query values, junk or invalid headers, or a body that is binary, truncated JSON,
 * huge numbers or deep nesting. So most requests reach the handlers, and many are close to an
 * attack that matters.
 */
import fc from 'fast-check';
import type { RawSocketRequest } from './raw-socket';
import type { World } from './isolation-world';

const enc = encodeURIComponent;

/** The credentials requests are made with. */
export interface Keys {
  /** User access tokens (valid or not). */
  readonly tokens: ReadonlyArray<string>;
  /** Keys for the auth API. */
  readonly apiKeys: ReadonlyArray<string>;
  /** Keys with admin rights somewhere (may be empty). */
  readonly adminKeys: ReadonlyArray<string>;
  /** Passwords the sender knows (wrong guesses are added). */
  readonly passwords: ReadonlyArray<string>;
}

type Header = readonly [string, string];

/** A user the requests may create, rename, reset and delete. */
const NEW_USER = 'new-🦄@example.com';

/** A request being built: the path as segments, so an edit can replace one. */
interface Draft {
  readonly method: string;
  readonly segments: ReadonlyArray<string>;
  readonly trailingSlash?: boolean;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: ReadonlyArray<Header>;
  readonly body?: string | Uint8Array;
}

/** Header-safe Latin-1 text: visible ASCII, space and the bytes 0x80-0xff. */
const latin1 = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

/** Path segments that are trouble anywhere: dot segments, raw escapes, very long, odd Unicode. */
const oddSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '.', '..', '%2e%2e', '%2E.', '%2F', '%2f..%2f', '%00', 'a%00b', '%', '%zz'),
  fc.constantFrom('%C0%AF', '%ED%A0%80', '%FF', '0', '-1', '99999999999999999999', 'i', 'v'),
  fc.constantFrom('x'.repeat(300), 'y'.repeat(5000), enc('😀'.repeat(300))),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map(enc),
);

const deep = (open: string, middle: string, close: string): fc.Arbitrary<string> =>
  fc.integer({ min: 50, max: 20_000 }).map((n) => open.repeat(n) + middle + close.repeat(n));

/** Bodies no handler should accept as they are. */
const badBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }),
  fc.json({ maxDepth: 3 }).chain((json) => fc.nat(json.length).map((n) => json.slice(0, n))),
  fc.constantFrom('{"n":1e400}', '{"a":123456789012345678901234567890}', '[1e999]', '{"a":-1e309}'),
  deep('[', '', ']'),
  deep('{"a":', '1', '}'),
  fc.constantFrom('{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}'),
  fc.constantFrom('{"write_access":"maybe"}', 'null', '"text"', '[]', '{'),
);

const doc: fc.Arbitrary<string> = fc
  .dictionary(
    fc.constantFrom('text', 'marker', 'n', 'list', 'é😀', '__proto__'),
    fc.jsonValue({ maxDepth: 2 }),
    { minKeys: 1 },
  )
  .map((d) => JSON.stringify(d));

const draft = (
  method: string,
  segments: ReadonlyArray<string>,
  headers: ReadonlyArray<Header>,
  extra: Partial<Draft> = {},
): Draft => ({ method, segments, query: [], headers, ...extra });

const token = (t: string): Header => ['X-Simperium-Token', t];
const apiKey = (k: string): Header => ['X-Simperium-API-Key', k];

/** Well-formed calls of every endpoint, made with `keys`. */
const call = (w: World, keys: Keys): fc.Arbitrary<Draft> => {
  const app = w.one.id;
  const b = w.b.userId;
  const ids = fc.oneof(
    fc.constantFrom('mine', 'secret', 'ro', 'rw', 'new-🦄'),
    fc.constantFrom(`${b}%2Fro`, `${b}%2Frw`, `${b}%2Fsecret`),
  );
  const bucket = fc.constantFrom(w.bk, w.bk, w.bk2);
  const users = [w.a, w.b, w.c, w.d];
  const username = fc.constantFrom(...users.map((u) => u.username), 'nobody@example.com');
  const password = fc.constantFrom(...keys.passwords, 'guess');
  // Accounts a call may reset or delete without ending the world's users: D is already
  // deleted, the others do not exist or are created by these calls.
  const expendable = fc.constantFrom(w.d.username, 'nobody@example.com', NEW_USER);
  // A data call is made with a user token, or with an admin key acting as a user.
  const data: fc.Arbitrary<ReadonlyArray<Header>> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keys.tokens).map((t) => [token(t)]) },
    {
      weight: keys.adminKeys.length === 0 ? 0 : 1,
      arbitrary: fc
        .tuple(fc.constantFrom('', ...keys.adminKeys), fc.constantFrom(w.a.userId, b, w.c.userId))
        .map(([k, u]) => [token(k), ['X-Simperium-User', u] as const]),
    },
  );
  const auth = fc.constantFrom(...keys.apiKeys, ...keys.adminKeys).map((k) => [apiKey(k)]);
  const admin = fc.constantFrom(...keys.adminKeys, ...keys.apiKeys).map((k) => [token(k)]);
  const flags = fc.subarray([
    ['response', '1'],
    ['replace', '1'],
    ['ccid', 'c-1'],
    ['clientid', 'hostile'],
  ] as const);
  const change = fc.record({
    id: fc.constantFrom('mine', 'secret', `${w.b.userId}/ro`, `${w.b.userId}/rw`),
    o: fc.constantFrom('M', 'M', '-'),
    v: fc.constant({ text: { o: 'r', v: 'bulk' } }),
    sv: fc.constantFrom(1, 2, 9),
  });
  // Object calls weigh most: they are where one user meets another's data.
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(bucket, ids, data)
        .map(([bk, id, h]) => draft('GET', ['1', app, bk, 'i', id], h)),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(bucket, ids, data, doc, flags)
        .map(([bk, id, h, body, query]) =>
          draft('POST', ['1', app, bk, 'i', id], h, { body, query }),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(bucket, ids, fc.constantFrom('1', '2'), data, doc)
        .map(([bk, id, v, h, body]) => draft('POST', ['1', app, bk, 'i', id, 'v', v], h, { body })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(bucket, ids, fc.option(fc.constantFrom('1', '2')), data)
        .map(([bk, id, v, h]) =>
          draft('DELETE', ['1', app, bk, 'i', id, ...(v === null ? [] : ['v', v])], h),
        ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(bucket, ids, username, data, fc.boolean()).map(([bk, id, u, h, write]) =>
        draft('POST', ['1', app, bk, 'i', id, 'share', enc(u)], h, {
          body: JSON.stringify({ write_access: write }),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(bucket, data).map(([bk, h]) =>
        draft('GET', ['1', app, bk, 'index'], h, {
          query: [
            ['data', '1'],
            ['limit', '2'],
            ['since', w.bCv],
          ],
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(bucket, data).map(([bk, h]) =>
        draft('GET', ['1', app, bk, 'changes'], h, {
          query: [
            ['wait', '0'],
            ['cv', w.bCv],
          ],
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(bucket, data, fc.array(change, { minLength: 1, maxLength: 3 }))
        .map(([bk, h, changes]) =>
          draft('POST', ['1', app, bk, 'changes'], h, {
            query: [['wait', '1']],
            body: JSON.stringify(changes),
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(bucket, admin).map(([bk, h]) =>
        draft('GET', ['1', app, bk, 'all'], h, {
          query: [
            ['wait', '0'],
            ['data', '1'],
          ],
        }),
      ),
    },
    { weight: 1, arbitrary: admin.map((h) => draft('GET', ['1', app, 'buckets'], h)) },
    {
      weight: 1,
      arbitrary: fc.tuple(auth, username, password).map(([h, u, p]) =>
        draft('POST', ['1', app, 'authorize'], h, {
          trailingSlash: true,
          body: `username=${enc(u)}&password=${enc(p)}`,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(auth, fc.constantFrom(NEW_USER, w.b.username)).map(([h, u]) =>
        draft('POST', ['1', app, 'create'], h, {
          trailingSlash: true,
          body: JSON.stringify({ username: u, password: 'pw' }),
        }),
      ),
    },
    // Renames (to a new name, or to B's: taken); password changes only with a wrong password,
    // so that no token of the world is revoked.
    {
      weight: 1,
      arbitrary: fc
        .tuple(auth, username, password, fc.constantFrom(`renamed-${NEW_USER}`, w.b.username))
        .map(([h, u, p, newName]) =>
          draft('POST', ['1', app, 'update'], h, {
            trailingSlash: true,
            body: JSON.stringify({ username: u, password: p, new_username: newName }),
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(auth, username).map(([h, u]) =>
        draft('POST', ['1', app, 'update'], h, {
          trailingSlash: true,
          body: JSON.stringify({ username: u, password: 'guess', new_password: 'taken-over' }),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(auth, fc.constantFrom('reset_password', 'delete'), expendable)
        .map(([h, action, u]) =>
          draft('POST', ['1', app, action], h, {
            trailingSlash: true,
            body: JSON.stringify({ username: u, new_password: 'taken-over' }),
          }),
        ),
    },
  );
};

/** One hostile edit of a draft. */
const edit = (w: World, keys: Keys): fc.Arbitrary<(d: Draft) => Draft> => {
  const everyKey = [...keys.tokens, ...keys.apiKeys, ...keys.adminKeys];
  const victim = fc.constantFrom(
    `${w.b.userId}%2Fsecret`,
    `${w.b.userId}/secret`,
    `${w.b.userId}%2Fro`,
    `${w.e.userId}%2Feobj`,
    `${w.d.userId}%2Fdobj`,
    'secret',
  );
  const replaceSegment = (d: Draft, at: number, value: string): Draft => ({
    ...d,
    segments: d.segments.map((s, i) => (i === at ? value : s)),
  });
  return fc.oneof(
    fc.constantFrom(...everyKey, '', 'junk', 'f'.repeat(32)).map((k) => (d: Draft) => ({
      ...d,
      headers: d.headers.map(
        ([n, v]) => [n, /simperium-(token|api-key)/i.test(n) ? k : v] as const,
      ),
    })),
    fc.constant((d: Draft) => ({
      ...d,
      headers: d.headers.filter(([n]) => !/simperium/i.test(n)),
    })),
    victim.map((id) => (d: Draft) => (d.segments[3] === 'i' ? replaceSegment(d, 4, id) : d)),
    fc.tuple(fc.nat(7), oddSegment).map(
      ([at, odd]) =>
        (d: Draft) =>
          replaceSegment(d, at % d.segments.length, odd),
    ),
    fc
      .constantFrom(w.two.id, w.one.id.toUpperCase(), 'nope')
      .map((app) => (d: Draft) => replaceSegment(d, 1, app)),
    fc
      .constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS', 'HEAD', 'PATCH', 'FOO', 'get')
      .map((method) => (d: Draft) => ({ ...d, method })),
    badBody.map((body) => (d: Draft) => ({ ...d, body })),
    fc
      .tuple(
        fc.constantFrom('cv', 'mark', 'since', 'limit', 'batch', 'data', 'wait', 'response'),
        fc.constantFrom('f'.repeat(24), '-5', '1e400', '9'.repeat(20), 'x'.repeat(300), '%00', '%'),
      )
      .map((pair) => (d: Draft) => ({ ...d, query: [...d.query, pair] })),
    fc
      .constantFrom(w.a.userId, w.b.userId, w.d.userId, w.e.userId, '', 'nobody')
      .map((u) => (d: Draft) => ({
        ...d,
        headers: [...d.headers, ['X-Simperium-User', u] as const],
      })),
    fc
      .oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(fc.constantFrom('Content-Type', 'Origin', 'Cookie'), latin1(40)),
        },
        { weight: 1, arbitrary: fc.constant(['Bad Name', 'x'] as const) },
        { weight: 1, arbitrary: fc.constant(['X-Nul', '\u0000'] as const) },
        { weight: 2, arbitrary: fc.constantFrom(...everyKey).map((k) => token(k)) },
      )
      .map((header) => (d: Draft) => ({ ...d, headers: [...d.headers, header] })),
    fc.constant((d: Draft) => ({ ...d, trailingSlash: !d.trailingSlash })),
  );
};

const toRequest = (d: Draft): RawSocketRequest => {
  const query = d.query.map(([k, v]) => `${k}=${v}`).join('&');
  const target = `/${d.segments.join('/')}${d.trailingSlash ? '/' : ''}${query && `?${query}`}`;
  const body = typeof d.body === 'string' ? new TextEncoder().encode(d.body) : d.body;
  return { method: d.method, target, headers: d.headers, ...(body && { body }) };
};

/**
 * Hostile requests against the world made with `keys`: a well-formed call, then up to three
 * hostile edits (a sixth of them go out unedited).
 */
export const hostileRequest = (w: World, keys: Keys): fc.Arbitrary<RawSocketRequest> =>
  fc
    .tuple(call(w, keys), fc.array(edit(w, keys), { maxLength: 3 }))
    .map(([d, edits]) => toRequest(edits.reduce((acc, f) => f(acc), d)));
