/**
 * The client against a real server, over HTTP: the project's local server started in-process on
 * 127.0.0.1 (port 0, in-memory database), or — when `SIMPERIUM_TEST_URL` is set, with
 * `SIMPERIUM_TEST_APP_ID`, `SIMPERIUM_TEST_API_KEY` and `SIMPERIUM_TEST_ADMIN_KEY` — any other
 * Simperium-compatible server. Specs that need the local server's internals (held-poll counts, a
 * fault proxy) use `localOnly` and are skipped against a remote one.
 */
import { randomBytes } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { Api, Auth } from '../../lib';
import type { ApiOptions } from '../../lib/api';
import { startServer } from '../../lib/server';
import type { AppCredentials, RunningServer, ServerOptions } from '../../lib/server';
import { expectRight } from './either';

export interface Remote {
  readonly url: string;
  readonly app: AppCredentials;
  /** The local server, when this is one; `undefined` against `SIMPERIUM_TEST_URL`. */
  readonly local?: RunningServer;
  close(): Promise<void>;
}

const env = process.env;
const external = env.SIMPERIUM_TEST_URL;

/** `describe` for specs that need the in-process server; skipped against `SIMPERIUM_TEST_URL`. */
export const describeLocalOnly: jest.Describe = external ? describe.skip : describe;

/** Starts the local server (or points at `SIMPERIUM_TEST_URL`). */
export const startRemote = async (options: ServerOptions = {}): Promise<Remote> => {
  if (external) {
    const app: AppCredentials = {
      id: env.SIMPERIUM_TEST_APP_ID ?? '',
      apiKey: env.SIMPERIUM_TEST_API_KEY ?? '',
      adminKey: env.SIMPERIUM_TEST_ADMIN_KEY ?? '',
    };
    return { url: external, app, close: async () => undefined };
  }
  const local = await startServer({ pollWindowMs: 2_000, ...options });
  const app = local.apps[0];
  if (!app) throw new Error('the local server started without an app');
  return { url: local.url, app, local, close: () => local.close() };
};

/** A fresh random suffix, so tests never share users or buckets. */
export const randomName = (prefix: string): string => `${prefix}${randomBytes(6).toString('hex')}`;

/** A bucket name no other test uses. */
export const randomBucket = (): string => randomName('b');

export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly accessToken: string;
  /** An `Api` for this user's token. */
  readonly api: Api;
}

/** The `Auth` of the remote's app, with its API key (or, with `admin`, its admin key). */
export const authFor = (remote: Remote, admin = false): Auth =>
  new Auth(remote.app.id, admin ? remote.app.adminKey : remote.app.apiKey, {
    baseUrl: remote.url,
  });

/** Creates a user with a random email through `Auth.create$`. */
export const createUser = async (remote: Remote, options: ApiOptions = {}): Promise<TestUser> => {
  const username = `${randomName('u')}@example.com`;
  const password = randomName('pw-');
  const created = expectRight(await firstValueFrom(authFor(remote).create$(username, password)));
  return {
    username,
    password,
    userId: created.userId,
    accessToken: created.accessToken,
    api: new Api(remote.app.id, created.accessToken, { baseUrl: remote.url, ...options }),
  };
};

/** An `Api` with the app's admin key. */
export const adminApi = (remote: Remote, options: ApiOptions = {}): Api =>
  new Api(remote.app.id, remote.app.adminKey, { baseUrl: remote.url, ...options });
