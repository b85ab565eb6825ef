/**
 * The `fetch` used when the caller passes none.
 *
 * @since 0.1.0
 */
import type { FetchLike } from './request';

/**
 * Returns the platform's `globalThis.fetch` (bound to `globalThis`) when there is one, and
 * otherwise loads `cross-fetch`. The ponyfill is required lazily, only on platforms without a
 * global `fetch`, so browser bundles and Node ≥ 18 never load it.
 *
 * @param global where to look for a `fetch` (defaults to `globalThis`; tests pass a stand-in)
 */
export const defaultFetch = (global: { fetch?: unknown } = globalThis): FetchLike => {
  const platform = global.fetch;
  if (typeof platform === 'function') {
    return (url, init) => (platform as FetchLike).call(global, url, init);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ponyfill = require('cross-fetch') as { fetch: FetchLike };
  return ponyfill.fetch;
};
