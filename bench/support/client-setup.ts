/**
 * What every client benchmark is given: the local server (in its child process), a user's
 * token, a client `Api` for that user, and raw URLs for the baselines.
 */
import { Api } from '../../lib';
import { APP, fetchJson } from './local-app';
import type { ServerProcess } from './server-process';

export interface ClientSetup {
  readonly server: ServerProcess;
  /** The user's access token: in headers only. */
  readonly token: string;
  /** The client under test, for the same user. */
  readonly api: Api;
  /** `{server}/1/{app}/{bucket}`, for raw requests. */
  bucketUrl(bucket: string): string;
}

/** Builds the setup for `token` on `server`. */
export const clientSetup = (server: ServerProcess, token: string): ClientSetup => ({
  server,
  token,
  api: new Api(APP.id, token, { baseUrl: server.url, clientId: 'rx-bench' }),
  bucketUrl: (bucket) => `${server.url}/1/${APP.id}/${bucket}`,
});

/** The bucket's newest cv for the user (its index's `current`), by a raw request. */
export const currentCv = async (setup: ClientSetup, bucket: string): Promise<string> => {
  const page = (await fetchJson(`${setup.bucketUrl(bucket)}/index?limit=1`, {
    headers: { 'X-Simperium-Token': setup.token },
  })) as { current: string };
  return page.current;
};
