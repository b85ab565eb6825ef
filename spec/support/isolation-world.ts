/**
 * A local server with two apps and a cast of users for isolation specs: A attacks, B is the
 * victim (private objects, one object shared read-only with A, three with write access), C only
 * receives shares, D has been deleted, P has changed password, E lives in the second app. Every
 * piece of data carries a unique mark, so an answer that leaks it can be recognised.
 */
import { firstValueFrom, type Observable } from 'rxjs';
import * as E from 'fp-ts/Either';
import { Api, Auth } from '../../lib';
import type { SimperiumError } from '../../lib/errors';
import { startServer } from '../../lib/server';
import type { AppCredentials, RunningServer, ServerOptions } from '../../lib/server';
import { expectRight } from './either';
import { randomBucket, randomName, type Remote } from './local-server';
import { call, type RawResponse } from './server-http';

/** Data only its owner (or, for shared objects, the share's target) may read. */
export const MARK = {
  secret: randomName('b-secret-'),
  secretV1: randomName('b-secret-v1-'),
  other: randomName('b-other-bucket-'),
  ro: randomName('b-read-only-share-'),
  rw: randomName('b-write-share-'),
  d: randomName('deleted-user-'),
  p: randomName('password-user-'),
  e: randomName('app-two-user-'),
} as const;
export type Mark = keyof typeof MARK;

export type AppName = 'one' | 'two';

export interface Account {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly token: string;
  readonly api: Api;
}

export interface World {
  readonly remote: Remote;
  readonly server: RunningServer;
  readonly one: AppCredentials;
  readonly two: AppCredentials;
  /** The bucket the attacks target; B also has data in `bk2`. */
  readonly bk: string;
  readonly bk2: string;
  readonly a: Account;
  readonly b: Account;
  readonly c: Account;
  readonly d: Account;
  /** P's token and password from before the change; `pNew` has the current ones. */
  readonly p: Account;
  readonly pNew: Account;
  readonly e: Account;
  /** The cv of B's first private change. */
  readonly bCv: string;
}

/** B's objects whose ids A knows: `{B's user id}/{id}`. */
export const sharedId = (w: World, id: string): string => `${w.b.userId}/${id}`;

/** The objects B shares with A with write access (A may change or delete them). */
export const WRITABLE = ['rw', 'rwdel-raw', 'rwdel-client'] as const;

const ok = async <A>(obs$: Observable<E.Either<SimperiumError, A>>): Promise<A> =>
  expectRight(await firstValueFrom(obs$));

/** An `Api` on one of the world's apps. */
export const apiOn = (w: World, app: AppName, token: string, userId?: string): Api =>
  new Api(w[app].id, token, { baseUrl: w.remote.url, ...(userId === undefined ? {} : { userId }) });

/** An `Auth` on one of the world's apps, with any key. */
export const authOn = (w: World, app: AppName, key: string): Auth =>
  new Auth(w[app].id, key, { baseUrl: w.remote.url });

const signUp = async (remote: Remote, app: AppCredentials): Promise<Account> => {
  const username = `${randomName('u')}@example.com`;
  const password = randomName('pw-');
  const auth = new Auth(app.id, app.apiKey, { baseUrl: remote.url });
  const { userId, accessToken } = await ok(auth.create$(username, password));
  const api = new Api(app.id, accessToken, { baseUrl: remote.url });
  return { username, password, userId, token: accessToken, api };
};

const newApp = (name: string): AppCredentials => ({
  id: randomName(`${name}-`),
  apiKey: randomName('api-key-'),
  adminKey: randomName('admin-key-'),
});

/**
 * Starts the server (with `options`, e.g. a database file) and builds the world;
 * `w.remote.close()` ends it.
 */
export const buildWorld = async (options: ServerOptions = {}): Promise<World> => {
  const one = newApp('one');
  const two = newApp('two');
  // Always the local server, even with SIMPERIUM_TEST_URL: the world needs two apps.
  const server = await startServer({ pollWindowMs: 2_000, ...options, apps: [one, two] });
  const remote: Remote = { url: server.url, app: one, local: server, close: () => server.close() };
  const bk = randomBucket();
  const bk2 = randomBucket();
  const [a, b, c, d, p, e] = await Promise.all([
    signUp(remote, one),
    signUp(remote, one),
    signUp(remote, one),
    signUp(remote, one),
    signUp(remote, one),
    signUp(remote, two),
  ]);
  if (!a || !b || !c || !d || !p || !e) throw new Error('sign-up failed');

  const mine = b.api.bucket(bk);
  await ok(mine.post$('secret', { marker: MARK.secretV1 }));
  await ok(mine.post$('secret', { marker: MARK.secret }));
  await ok(mine.post$('ro', { text: MARK.ro }));
  await ok(mine.share$('ro', a.username));
  for (const id of WRITABLE) {
    await ok(mine.post$(id, { text: MARK.rw }));
    await ok(mine.share$(id, a.username, { writeAccess: true }));
  }
  await ok(b.api.bucket(bk2).post$('other', { marker: MARK.other }));
  await ok(a.api.bucket(bk).post$('mine', { a: 1 }));
  await ok(e.api.bucket(bk).post$('eobj', { marker: MARK.e }));

  const auth = new Auth(one.id, one.apiKey, { baseUrl: remote.url });
  const admin = new Auth(one.id, one.adminKey, { baseUrl: remote.url });
  await ok(d.api.bucket(bk).post$('dobj', { marker: MARK.d }));
  await ok(admin.delete$(d.username));

  await ok(p.api.bucket(bk).post$('pobj', { marker: MARK.p }));
  const newPassword = randomName('new-pw-');
  await ok(auth.update$(p.username, p.password, { newPassword }));
  const again = await ok(auth.authorize$(p.username, newPassword));
  const pNew: Account = {
    ...p,
    password: newPassword,
    token: again.accessToken,
    api: new Api(one.id, again.accessToken, { baseUrl: remote.url }),
  };

  const feed = await call(server, 'GET', `/1/${one.id}/${bk}/changes?wait=0`, {
    headers: { 'X-Simperium-Token': b.token },
  });
  const bCv = (JSON.parse(feed.text) as Array<{ cv: string }>)[0]?.cv ?? '';
  return { remote, server, one, two, bk, bk2, a, b, c, d, p, pNew, e, bCv };
};

/** A request as data, relative to `/1/{app id}` (app one unless said otherwise). */
export interface RawCall {
  readonly app?: AppName;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export const send = (w: World, req: RawCall): Promise<RawResponse> =>
  call(w.server, req.method, `/1/${w[req.app ?? 'one'].id}${req.path}`, {
    headers: req.headers,
    body: req.body,
  });

/**
 * What `user` owns in both buckets, leaving out the ids in `skip`: each object's every version
 * (status, body and version header), and the feed's changes of those objects. Objects others
 * share with the user (`{owner}/{id}`) are left out: any user may share one at any time.
 */
export const snapshot = async (
  w: World,
  user: Account,
  app: AppName,
  skip: ReadonlyArray<string> = [],
): Promise<Record<string, unknown>> => {
  const read = (path: string): Promise<RawResponse> =>
    send(w, { app, method: 'GET', path, headers: { 'X-Simperium-Token': user.token } });
  const out: Record<string, unknown> = {};
  for (const bucket of [w.bk, w.bk2]) {
    const page = await read(`/${bucket}/index?limit=1000`);
    const feed = await read(`/${bucket}/changes?wait=0`);
    if (page.status !== 200 || feed.status !== 200) throw new Error(`${user.username} locked out`);
    const index = (JSON.parse(page.text) as { index: Array<{ id: string; v: number }> }).index;
    const own = (id: string): boolean => !id.includes('/') && !skip.includes(id);
    for (const { id, v } of index.filter((entry) => own(entry.id))) {
      for (let n = 1; n <= v; n++) {
        const res = await read(`/${bucket}/i/${encodeURIComponent(id)}/v/${n}`);
        out[`${bucket}/${id}/v/${n}`] = [res.status, res.text, res.version];
      }
    }
    const changes = JSON.parse(feed.text) as Array<{ id: string }>;
    out[`${bucket} feed`] = changes.filter((change) => own(change.id));
  }
  return out;
};
