/**
 * Checking a client's base URL once, at construction.
 *
 * @since 0.1.0
 */
import { invalidArgumentException } from '../errors.js';

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for hosts that never leave the machine: `localhost`, `127.0.0.0/8` and `[::1]`. */
export const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_V4.test(hostname);

const refused = (message: string) => invalidArgumentException('baseUrl', message);

/**
 * Validates a base URL and returns it without a trailing slash (`origin` + path prefix).
 *
 * Credentials travel in headers, so a plain `http:` URL would send them in clear text: it is only
 * accepted for a loopback host (a local server) or when `allowInsecureHttp` is set. Throws an
 * `InvalidArgumentException` (a `TypeError`: a programming error, not a `Left`) for anything that
 * is not an absolute `https:` or acceptable `http:` URL, that carries user info, a query or a
 * fragment, or whose path ends in the API version `/1` (which the client adds itself).
 *
 * @param baseUrl e.g. `https://api.simperium.com` or `http://127.0.0.1:8080`
 * @param allowInsecureHttp accept `http:` to any host
 */
export const normalizeBaseUrl = (baseUrl: string, allowInsecureHttp = false): string => {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw refused(`baseUrl must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refused(`baseUrl must use https: (got ${url.protocol})`);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw refused(
      `baseUrl ${url.origin} would send credentials in clear text: use https: (or allowInsecureHttp)`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw refused(
      'baseUrl must not contain user info (credentials go in the options), a query or a fragment',
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/1$/.test(path)) {
    throw refused(
      `baseUrl must not end in /1: give the server's root (${url.origin}${path.slice(0, -2)}); the client adds /1/{appId}/`,
    );
  }
  return `${url.origin}${path}`;
};
