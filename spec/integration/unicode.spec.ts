/**
 * Unicode through the client and the real server: usernames, object ids and string fields with
 * emoji (ZWJ sequences, flags, skin tones), combining marks and right-to-left text come back
 * byte for byte from every endpoint, and concurrent emoji edits merge without corrupting text.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { firstValueFrom, takeWhile, type Observable } from 'rxjs';
import { Api } from '../../lib';
import type { Change, JsonObject } from '../../lib';
import type { SimperiumError } from '../../lib/errors';
import { apply } from '../../lib/jsondiff';
import { collect } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import {
  adminApi,
  authFor,
  createUser,
  randomBucket,
  randomName,
  startRemote,
  type Remote,
} from '../support/local-server';

// eslint-disable-next-line no-control-regex -- control characters are not valid in ids
const NOT_IN_IDS = /[\u0000-\u001f\u007f-\u009f/]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that naive code corrupts; each is used as an object id and in field values. */
const SAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['family', '👨‍👩‍👧‍👦'],
  ['rainbow flag', '🏳️‍🌈'],
  ['flags', '🇫🇷🇯🇵🇺🇳'],
  ['skin tones', '👍🏽✋🏿'],
  ['precomposed', 'café'],
  ['combining', 'cafe\u0301'],
  ['stacked marks', 'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e'],
  ['hebrew', 'שלום עולם'],
  ['arabic', 'مرحبا بالعالم'],
  ['bidi controls', 'abc \u202eفارسی\u202c \u200fxyz\u200e'],
  ['astral letters', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐐷 🀄'],
  ['longest id', '😀'.repeat(256)],
];

const once = <A>(obs$: Observable<E.Either<SimperiumError, A>>): Promise<A> =>
  firstValueFrom(obs$).then(expectRight);

/** The same bytes once encoded as UTF-8 (shown as hex when they differ). */
const expectSameBytes = (actual: string | undefined, expected: string): void =>
  expect(Buffer.from(actual ?? '', 'utf8').toString('hex')).toBe(
    Buffer.from(expected, 'utf8').toString('hex'),
  );

/** The changes from the start of a feed up to (and with) the one whose id is `last`. */
const until = <A>(
  feed$: Observable<E.Either<SimperiumError, Change<A>>>,
  last: string,
): Promise<Array<Change<A>>> =>
  collect(feed$.pipe(takeWhile((r) => E.isRight(r) && r.right.id !== last, true))).then((rs) =>
    rs.map(expectRight),
  );

/** The documents a feed describes, rebuilt by applying each change's diff in order. */
const replay = (changes: ReadonlyArray<Change<JsonObject>>): Map<string, JsonObject> => {
  const docs = new Map<string, JsonObject>();
  for (const change of changes) {
    if (change.o === '-') docs.delete(change.id);
    else docs.set(change.id, apply(docs.get(change.id) ?? {}, change.v ?? {}));
  }
  return docs;
};

/** A document whose every string (values, list items, a key) is `text`. */
const docOf = (name: string, text: string): JsonObject => ({
  name,
  text,
  nested: { list: [text, `${text}|${text}`], [text]: text },
});

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

const apiFor = (token: string): Api => new Api(remote.app.id, token, { baseUrl: remote.url });

describe('Unicode usernames against the local server', () => {
  it('should create, sign in, share with and rename a Unicode user, byte for byte', async () => {
    const auth = authFor(remote);
    const password = 'pässwörd-🔑';
    const username = `ünïcødé+😀${randomName('')}@exämple.com`;
    const created = await once(auth.create$(username, password));
    expectSameBytes(created.username, username);
    const again = await once(auth.authorize$(username, password));
    expect(again.userId).toBe(created.userId);
    expectSameBytes(again.username, username);

    const owner = await createUser(remote);
    const bucket = randomBucket();
    await once(owner.api.bucket(bucket).post$('note', docOf('shared', '👨‍👩‍👧‍👦')));
    await once(owner.api.bucket(bucket).share$('note', username));
    const shared = await once(
      apiFor(again.accessToken).bucket(bucket).get$(`${owner.userId}/note`),
    );
    expect(shared.data).toEqual(docOf('shared', '👨‍👩‍👧‍👦'));

    const renamed = `שלום+👨‍👩‍👧‍👦🇯🇵${randomName('')}@مثال.com`;
    await once(auth.update$(username, password, { newUsername: renamed }));
    const byNewName = await once(auth.authorize$(renamed, password));
    expect(byNewName.userId).toBe(created.userId);
    expectSameBytes(byNewName.username, renamed);
    const oldName = expectLeft(
      await firstValueFrom(auth.authorize$(username, password)),
      'HttpError',
    );
    expect(oldName.status).toBe(401);

    const sentinel = `✍️${randomName('')}`;
    await once(apiFor(byNewName.accessToken).bucket(bucket).post$(sentinel, { by: '🇺🇳' }));
    const all = await until(
      adminApi(remote).bucket(bucket).all$({ username: true }),
      `${created.userId}/${sentinel}`,
    );
    expectSameBytes(all[all.length - 1]?.username, renamed);
  });
});

describe('Unicode ids and text against the local server', () => {
  it('should round-trip every sample through post$, get$, index$, changes$ and all$', async () => {
    const user = await createUser(remote);
    const name = randomBucket();
    const bucket = user.api.bucket(name);
    const expected = new Map<string, JsonObject>();
    for (const [label, text] of SAMPLES) {
      await once(bucket.post$(text, docOf(label, text)));
      // A second version edits the strings, so the feed carries UTF-16 text deltas too.
      const edited = docOf(label, `🇯🇵${text}e\u0301${text}👍🏽`);
      await once(bucket.post$(text, edited));
      expected.set(text, edited);
    }
    const ids = [...expected.keys()];
    expect(new Set(ids).size).toBe(SAMPLES.length);

    for (const id of ids) {
      const got = await once(bucket.get$(id));
      expectSameBytes(got.id, id);
      expect(got).toMatchObject({ version: 2 });
      expectSameBytes(JSON.stringify(got.data), JSON.stringify(expected.get(id)));
    }

    const index = (await collect(bucket.index$({ data: true }))).map(expectRight);
    expect(new Map(index.map((entry) => [entry.id, entry.data]))).toEqual(expected);

    const sentinel = randomName('sentinel-');
    await once(bucket.post$(sentinel, { last: true }));
    const feed = replay(await until(bucket.changes$(), sentinel));
    feed.delete(sentinel);
    expect(feed).toEqual(expected);
    expectSameBytes(JSON.stringify([...feed]), JSON.stringify([...expected]));

    const all = await until(
      adminApi(remote).bucket(name).all$({ data: true }),
      `${user.userId}/${sentinel}`,
    );
    const latest = new Map(all.map((change) => [change.id, change.d]));
    latest.delete(`${user.userId}/${sentinel}`);
    expect(latest).toEqual(new Map(ids.map((id) => [`${user.userId}/${id}`, expected.get(id)])));
  });

  it('should keep precomposed and combining spellings apart', async () => {
    const bucket = (await createUser(remote)).api.bucket(randomBucket());
    await once(bucket.post$('é', { form: 'NFC' }));
    await once(bucket.post$('e\u0301', { form: 'NFD' }));
    expect((await once(bucket.get$('é'))).data).toEqual({ form: 'NFC' });
    expect((await once(bucket.get$('e\u0301'))).data).toEqual({ form: 'NFD' });
  });

  it('should refuse an id of 257 code points before sending anything', async () => {
    const bucket = (await createUser(remote)).api.bucket(randomBucket());
    expectLeft(await firstValueFrom(bucket.get$('😀'.repeat(257))), 'InvalidArgumentError');
  });

  it('should round-trip random Unicode ids and values byte for byte', async () => {
    const bucket = (await createUser(remote)).api.bucket(randomBucket());
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    const id = text.filter((s) => !NOT_IN_IDS.test(s) && s !== '.' && s !== '..');
    await fc.assert(
      fc.asyncProperty(id, text, async (key, value) => {
        const data = { value, [value]: [value] };
        const posted = await once(bucket.post$(key, data, { replace: true }));
        expectSameBytes(posted.id, key);
        const got = await once(bucket.get$(key));
        expectSameBytes(got.id, key);
        expectSameBytes(JSON.stringify(got.data), JSON.stringify(data));
      }),
      { numRuns: 60 },
    );
  });
});

/** Pieces of the base text, and of the insertions: no code point is in both sets. */
const BASE_PIECES = ['👨‍👩‍👧‍👦', '🇫🇷', 'e\u0301', 'שלום', 'مرحبا', 'a', ' ', '😀', '\u200d', '🏳️‍🌈'];
const INSERT_PIECES = ['👍🏽', '😎', '🇯🇵', 'é', 'Z', 'ي', 'נ', '🦄'];
/**
 * How far a patch's context can reach on either side, in code points: diff-match-patch takes 4,
 * and widens it until the pattern is unique, up to 32 in all. Edits further apart than this
 * never share context; closer ones may be merged in either order, or one inside the other.
 */
const CONTEXT = 16;

/** `text` with `insert` placed before its code point number `at`. */
const insertAt = (text: string, at: number, insert: string): string => {
  const points = Array.from(text);
  return [...points.slice(0, at), insert, ...points.slice(at)].join('');
};

/** Every way of taking one occurrence of `part` out of `text`. */
const without = (text: string, part: string): string[] => {
  const out: string[] = [];
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
    out.push(text.slice(0, i) + text.slice(i + part.length));
  }
  return out;
};

const sortedPoints = (text: string): string[] => Array.from(text).sort();

/**
 * Two insertion points in a text of `length` code points from the numbers `i` and `j`: with
 * `apart`, more than `CONTEXT` apart whenever the text is long enough.
 */
const places = (length: number, i: number, j: number, apart: boolean): [number, number] => {
  const p = i % (length + 1);
  const room = length - CONTEXT;
  if (!apart || room < 1) return [p, j % (length + 1)];
  const far = p + CONTEXT < length ? p + CONTEXT + 1 + (j % (length - p - CONTEXT)) : undefined;
  return [p, far ?? j % Math.max(1, p - CONTEXT)];
};

describe('Concurrent emoji edits against the local server', () => {
  it('should merge two edits of the same version at their places', async () => {
    const bucket = (await createUser(remote)).api.bucket(randomBucket());
    const base = '👨‍👩‍👧‍👦 שלום 🇫🇷 cafe\u0301 🏳️‍🌈 end';
    await once(bucket.post$('note', { text: base }));
    await once(bucket.post$('note', { text: base.replace('👦 ', '👦👍🏽 ') }, { version: 1 }));
    const merged = await once(
      bucket.post$(
        'note',
        { text: base.replace(' end', ' 🇯🇵end') },
        { version: 1, response: true },
      ),
    );
    expect(merged.data).toEqual({ text: '👨‍👩‍👧‍👦👍🏽 שלום 🇫🇷 cafe\u0301 🏳️‍🌈 🇯🇵end' });
    expect((await once(bucket.get$('note'))).version).toBe(3);
  });

  it('should never corrupt text when emoji edits of the same version are merged', async () => {
    const bucket = (await createUser(remote)).api.bucket(randomBucket());
    const base = fc
      .array(fc.constantFrom(...BASE_PIECES), { maxLength: 20 })
      .map((p) => p.join(''));
    const insert = fc
      .array(fc.constantFrom(...INSERT_PIECES), { minLength: 1, maxLength: 5 })
      .map((p) => p.join(''));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        base,
        insert,
        insert,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async (text, one, two, i, j, apart) => {
          const [p, q] = places(Array.from(text).length, i, j, apart);
          const id = `note-${(n += 1)}`;
          await once(bucket.post$(id, { text }));
          await once(bucket.post$(id, { text: insertAt(text, p, one) }, { version: 1 }));
          const merged = await once(
            bucket.post$(id, { text: insertAt(text, q, two) }, { version: 1, response: true }),
          );
          const result = String(merged.data?.['text']);
          expect(LONE_SURROGATE.test(result)).toBe(false);
          // Nothing lost, nothing added: every code point of the base and of both edits, once.
          expect(sortedPoints(result)).toEqual(sortedPoints(text + one + two));
          if (Math.abs(p - q) > CONTEXT) {
            // Apart: both insertions whole, around an intact base.
            const rest = without(result, one).flatMap((r) => without(r, two));
            expect(rest).toContain(text);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
