/**
 * Cross-origin access to the local server, so that a frontend served from another origin (a dev
 * server on another port, say) can use it from a browser.
 *
 * Any origin may call, without credentials mode: clients authenticate with the custom
 * `X-Simperium-*` headers, never with cookies, so `Access-Control-Allow-Origin: *` grants no
 * ambient authority. Preflights are answered on every path, before routing and authentication
 * (a browser never sends credentials with a preflight).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/** Headers on every response: who may read it and which non-safelisted headers it may see. */
const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Simperium-Version, Retry-After',
};

/** Headers on a preflight answer: what the actual request may use. */
const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Content-Type, X-Simperium-Token, X-Simperium-API-Key, X-Simperium-User',
  'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
};

/**
 * Applies CORS to one request before it is routed. Sets `Access-Control-Allow-Origin: *` and
 * `Access-Control-Expose-Headers` on the response (they stay on whatever answer follows, errors
 * included). An `OPTIONS` request is a preflight: it is answered here with a bodiless 204 carrying
 * the allowed methods, request headers and max age, and `true` is returned so the caller stops;
 * any other method returns `false` and is routed as usual.
 */
export const applyCors = (req: IncomingMessage, res: ServerResponse): boolean => {
  for (const [name, value] of Object.entries(RESPONSE_HEADERS)) res.setHeader(name, value);
  if (req.method !== 'OPTIONS') return false;
  for (const [name, value] of Object.entries(PREFLIGHT_HEADERS)) res.setHeader(name, value);
  res.statusCode = 204;
  res.end();
  return true;
};
