/**
 * URL building: pure functions from path segments and query records to a URL string.
 *
 * @since 0.1.0
 */

/**
 * A query parameter: a string or number is sent as is, `true` as `=1` (Simperium's flags),
 * `false` and `undefined` are left out, and an array repeats the key once per item.
 */
export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string>;

export type Query = Readonly<Record<string, QueryValue>>;

const pair = (key: string, value: string | number): string =>
  `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;

/**
 * Builds a query string from a record, in the record's key order: `?a=1&b=x`, or `''` when
 * nothing is left once `undefined` and `false` values are dropped.
 */
export const queryString = (query: Query): string => {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === false) continue;
    if (value === true) pairs.push(pair(key, 1));
    else if (typeof value === 'string' || typeof value === 'number') pairs.push(pair(key, value));
    else for (const item of value) pairs.push(pair(key, item));
  }
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
};

/**
 * Joins a base URL (origin and optional path prefix, no trailing slash) with path segments, each
 * percent-encoded with `encodeURIComponent`, so a segment can never add a level to the path or
 * start a query or fragment (`/` travels as `%2F`, `?` as `%3F`, `#` as `%23`). Callers must
 * refuse the dot-segments `.` and `..`, which URL parsers resolve even when encoded.
 *
 * @param baseUrl e.g. `https://api.simperium.com`
 * @param segments raw (unencoded) path segments
 * @param query query parameters, see {@link queryString}
 * @param trailingSlash whether the path ends with `/` (the auth host's `/create/` style)
 */
export const buildUrl = (
  baseUrl: string,
  segments: ReadonlyArray<string>,
  query: Query = {},
  trailingSlash = false,
): string => {
  const path = segments.map(encodeURIComponent).join('/');
  return `${baseUrl}/${path}${trailingSlash ? '/' : ''}${queryString(query)}`;
};
