/**
 * The application every benchmark serves, and raw HTTP helpers to talk to a local server with
 * nothing of the client in between. Credentials travel in headers only.
 */

/** The benchmarks' app: fixed, throwaway keys for a server on 127.0.0.1. */
export const APP = { id: 'bench', apiKey: 'bench-api-key', adminKey: 'bench-admin-key' } as const;

/** Creates a user (password `bench`) through `POST /1/{app}/create/`; resolves with its token. */
export const createUser = async (url: string, username: string): Promise<string> => {
  const res = await fetch(`${url}/1/${APP.id}/create/`, {
    method: 'POST',
    headers: { 'X-Simperium-API-Key': APP.apiKey },
    body: JSON.stringify({ username, password: 'bench' }),
  });
  if (res.status !== 200) throw new Error(`create user: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
};

/** `fetch` that throws unless the answer is 200; resolves with the body's text. */
export const fetchText = async (url: string, init: RequestInit = {}): Promise<string> => {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: HTTP ${res.status}`);
  }
  return text;
};

/** {@link fetchText}, then `JSON.parse` of the body. */
export const fetchJson = async (url: string, init: RequestInit = {}): Promise<unknown> =>
  JSON.parse(await fetchText(url, init)) as unknown;
