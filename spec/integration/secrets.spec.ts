/**
 * Credentials never leak, end to end: a run of every endpoint of `Auth`, `Api` and `Bucket`
 * against the real server, failures included (401, 403, 404, 409, 412, decode errors, an
 * unknown cursor, a refused connection, a timeout), records every URL fetched, every `log`
 * event and every value emitted; none of them, nor any printed client object, may contain a
 * token, the API key, the admin key or a password.
 */
import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { Api, Auth } from '../../lib';
import type { FetchLike, RequestLogEvent } from '../../lib';
import type { SimperiumError } from '../../lib/errors';
import { startServer } from '../../lib/server';
import { expectRight } from '../support/either';
import { randomBucket, randomName, startRemote, type Remote } from '../support/local-server';

type Result = E.Either<SimperiumError, unknown>;

let remote: Remote;
beforeAll(async () => {
  remote = await startRemote();
});
afterAll(() => remote.close());

/** Everything a run leaves where a secret could show. */
class Recorder {
  readonly urls: string[] = [];
  readonly events: RequestLogEvent[] = [];
  readonly values: unknown[] = [];
  readonly clients: unknown[] = [];

  /** Every access token the server handed out, whether or not the client could decode it. */
  readonly issued = new Set<string>();

  /**
   * The global fetch, recording each URL and each token issued; `edit` may rewrite an answer's
   * body before the client reads it.
   */
  fetch(edit: (body: string) => string = (body) => body): FetchLike {
    return async (url, init) => {
      this.urls.push(url);
      const res = await fetch(url, init);
      const text = await res.text();
      for (const [, token] of text.matchAll(/"access_token":"([^"]+)"/g))
        this.issued.add(token ?? '');
      const body = edit(text);
      return {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        text: async () => body,
      };
    };
  }

  options(edit?: (body: string) => string) {
    return {
      baseUrl: remote.url,
      fetch: this.fetch(edit),
      log: (event: RequestLogEvent) => this.events.push(event),
    };
  }

  /** The values `obs$` emits (the first `n`, for endless feeds), recorded. */
  async run(obs$: Observable<Result>, n = Infinity): Promise<Result[]> {
    const values = await lastValueFrom(obs$.pipe(take(n), toArray()));
    this.values.push(...values);
    return values;
  }

  /**
   * A sign-in's result: its token is the one thing it exists to hand over, so only the rest
   * of the result is recorded.
   */
  async signIn<A extends { accessToken: string }>(
    obs$: Observable<E.Either<SimperiumError, A>>,
  ): Promise<E.Either<SimperiumError, A>> {
    const result = await lastValueFrom(obs$);
    this.values.push(E.map(({ accessToken: _token, ...rest }: A) => rest)(result));
    return result;
  }

  async one(obs$: Observable<Result>): Promise<Result> {
    const [value] = await this.run(obs$, 1);
    if (value === undefined) throw new Error('nothing emitted');
    return value;
  }

  /** Every recorded thing, serialised and printed as a user might log it. */
  texts(): string[] {
    const all = [this.values, this.events, this.clients];
    return [
      this.urls.join('\n'),
      JSON.stringify(all),
      inspect(all, { depth: Infinity }),
      ...this.values.map(
        (v) => `${String(v)} ${inspect(v, { depth: Infinity, showHidden: true })}`,
      ),
    ];
  }
}

const status = (r: Result): number | string =>
  E.isRight(r) ? 'Right' : r.left._tag === 'HttpError' ? r.left.status : r.left._tag;

describe('credentials in a run of every endpoint', () => {
  it('should appear in no URL, error, log event, emitted value or printed client', async () => {
    const rec = new Recorder();
    const { app } = remote;
    const secrets = new Set<string>([app.apiKey, app.adminKey]);
    const auth = new Auth(app.id, app.apiKey, rec.options());
    const adminAuth = new Auth(app.id, app.adminKey, rec.options());
    rec.clients.push(auth, adminAuth);

    // Auth: success and every failure.
    const alice = `${randomName('alice-')}@example.com`;
    const bob = `${randomName('bob-')}@example.com`;
    const [pwA, pwB, pwNew] = [
      randomName('pw-a-'),
      randomName('pw-b-'),
      randomName('pw-new-'),
    ] as const;
    [pwA, pwB, pwNew].forEach((pw) => secrets.add(pw));
    const a = expectRight(await rec.signIn(auth.create$(alice, pwA)));
    const b = expectRight(await rec.signIn(auth.create$(bob, pwB)));
    secrets.add(a.accessToken).add(b.accessToken);
    const seen: Array<number | string> = [];
    const note = (r: Result): Result => {
      seen.push(status(r));
      return r;
    };
    note(await rec.one(auth.create$(alice, pwA)));
    note(await rec.one(auth.authorize$(alice, 'wrong')));
    const again = expectRight(await rec.signIn(auth.authorize$(alice, pwA)));
    secrets.add(again.accessToken);
    note(await rec.one(auth.update$(bob, pwB, { newPassword: pwNew })));
    note(await rec.one(auth.update$(bob, pwB, { newPassword: 'x' })));
    note(await rec.one(auth.resetPassword$(bob, pwB)));
    note(await rec.one(adminAuth.resetPassword$(bob, pwB)));
    note(await rec.one(adminAuth.delete$('nobody@example.com')));
    const wrongKey = randomName('wrong-key-');
    secrets.add(wrongKey);
    const stranger = new Auth(app.id, wrongKey, rec.options());
    rec.clients.push(stranger);
    note(await rec.one(stranger.authorize$(alice, pwA)));
    // Answers that do not decode, still carrying a fresh token: broken JSON, a wrong field.
    const cut = new Auth(
      app.id,
      app.apiKey,
      rec.options((body) => body.slice(0, -20)),
    );
    const odd = new Auth(
      app.id,
      app.apiKey,
      rec.options((body) => body.replace(/"userid":"[0-9a-f]+"/, '"userid":7')),
    );
    rec.clients.push(cut, odd);
    for (const client of [cut, odd]) {
      note(await rec.one(client.authorize$(alice, pwA)));
    }

    // The data API, as a user and as the admin.
    const api = new Api(app.id, again.accessToken, rec.options());
    const admin = new Api(app.id, app.adminKey, rec.options());
    const name = randomBucket();
    const bucket = api.bucket(name);
    const strict = api.bucket(name, t.type({ title: t.string }));
    rec.clients.push(api, admin, bucket, strict, admin.asUser(b.userId));
    const id = expectRight(note(await rec.one(bucket.new$({ text: 'hello' })))) as string;
    note(await rec.one(bucket.post$(id, { text: 'hello' })));
    const write = bucket.post$(id, { text: 'again' }, { ccid: 'fixed-ccid' });
    note(await rec.one(write));
    note(await rec.one(write));
    note(await rec.one(bucket.post$(id, { text: 'x' }, { version: 99 })));
    note(await rec.one(bucket.set$('other', { text: 'set' }, { response: true })));
    note(await rec.one(bucket.get$(id)));
    note(await rec.one(bucket.get$('missing')));
    note(await rec.one(strict.get$(id)));
    note(await rec.one(bucket.delete$('other', { version: 9 })));
    note(await rec.one(bucket.share$(id, bob, { writeAccess: true })));
    note(await rec.one(bucket.share$(id, 'nobody@example.com')));
    await rec.run(bucket.index$({ data: true }));
    await rec.run(strict.indexPages$({ data: true, limit: 1 }));
    await rec.run(strict.changes$(), 3);
    note(await rec.one(bucket.changes$({ cv: 'f'.repeat(24) })));
    note(await rec.one(bucket.all$()));
    note(await rec.one(api.buckets$()));
    note(await rec.one(bucket.delete$('other')));
    await rec.run(admin.bucket(name).all$({ data: true, username: true }), 3);
    note(await rec.one(admin.buckets$()));
    note(
      await rec.one(
        admin
          .asUser(b.userId)
          .bucket(name)
          .get$(`${'f'.repeat(32)}`),
      ),
    );
    note(await rec.one(admin.asUser('nobody').bucket(name).get$(id)));
    note(await rec.one(new Api(app.id, a.accessToken + 'x', rec.options()).bucket(name).get$(id)));

    // No server at all, and a server that never answers.
    const gone = await startServer({ apps: [app] });
    await gone.close();
    const refused = new Api(app.id, again.accessToken, { ...rec.options(), baseUrl: gone.url });
    const silent = new Api(app.id, again.accessToken, {
      ...rec.options(),
      timeout: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal.addEventListener('abort', () => reject(init.signal.reason)),
        ),
    });
    rec.clients.push(refused, silent);
    note(await rec.one(refused.bucket(name).get$(id)));
    note(await rec.one(silent.bucket(name).get$(id)));

    // Every kind of outcome was produced…
    for (const outcome of [401, 403, 404, 409, 'Right', 'DecodeError', 'UnknownCursorError']) {
      expect(seen).toContain(outcome);
    }
    for (const outcome of ['NetworkError', 'TimeoutError']) expect(seen).toContain(outcome);
    expect(rec.events.map((e) => e.status)).toEqual(expect.arrayContaining([409, 412]));
    // …and no secret shows anywhere.
    expect(rec.issued.size).toBeGreaterThanOrEqual(5);
    rec.issued.forEach((token) => secrets.add(token));
    for (const text of rec.texts()) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
