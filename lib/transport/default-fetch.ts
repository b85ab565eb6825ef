/**
 * The `fetch` used when the caller passes none.
 *
 * @since 0.1.0
 */
import type { FetchLike } from './request.js';

/**
 * Named through a variable so that bundlers leave the import alone: browsers always have a
 * `fetch`, and the ponyfill must never land in a browser bundle.
 */
const PONYFILL = 'cross-fetch';

let ponyfill: Promise<FetchLike> | undefined;

/** Loads `cross-fetch` once, on first use. */
export const loadPonyfill = (): Promise<FetchLike> =>
  (ponyfill ??= import(/* webpackIgnore: true */ PONYFILL).then(
    (m: { fetch?: FetchLike; default?: { fetch: FetchLike } }) =>
      m.fetch ?? (m.default as { fetch: FetchLike }).fetch,
  ));

/**
 * Returns the platform's `globalThis.fetch` (bound to `globalThis`) when there is one, and
 * otherwise a `fetch` that loads `cross-fetch` on its first call. Node ≥ 18 and browsers have a
 * global `fetch`, so they never load the ponyfill.
 *
 * @param global where to look for a `fetch` (defaults to `globalThis`; tests pass a stand-in)
 */
export const defaultFetch = (global: { fetch?: unknown } = globalThis): FetchLike => {
  const platform = global.fetch;
  if (typeof platform === 'function') {
    return (url, init) => (platform as FetchLike).call(global, url, init);
  }
  return (url, init) => loadPonyfill().then((fetch) => fetch(url, init));
};
