/**
 * A data API or auth API context over an isolated fetch-mock, for the specs of the endpoint
 * functions (the functional core), which take a context instead of an `Api` or `Auth`.
 */
import { createApiContext, createAuthContext } from '../../lib/endpoints/contexts';
import type { RetryOptions } from '../../lib/transport/retry';
import { mockFetch } from './mock-fetch';

export const TOKEN = 'tok0123456789abcdef0123456789abcd';
export const BASE = 'https://api.test';

/** A data API context for app `my-app` and client id `rx-test`, over a fresh mock. */
export const apiContext = (retry?: Partial<RetryOptions>) => {
  const mock = mockFetch();
  const ctx = createApiContext('my-app', TOKEN, {
    baseUrl: BASE,
    fetch: mock.fetch,
    clientId: 'rx-test',
    ...(retry ? { retry } : {}),
  });
  return { ctx, mock };
};

/** An auth API context for app `my-app` and key `key-1`, over a fresh mock. */
export const authContext = () => {
  const mock = mockFetch();
  const ctx = createAuthContext('my-app', 'key-1', { baseUrl: BASE, fetch: mock.fetch });
  return { ctx, mock };
};

/** The query parameters of a recorded URL, in order. */
export const queryOf = (url: string): [string, string][] => [...new URL(url).searchParams];
