/**
 * Reading query parameters and path numbers strictly: a value that is present but invalid is a
 * 400, never silently ignored.
 */
import { isCv } from '../domain/cv';
import { fail } from '../domain/failure';

/** The query parameters that may be given more than once. */
const REPEATABLE = new Set(['skip_clientid']);

/** Where a form-encoded text comes from, as error messages name it. */
type FormSource = 'query' | 'body';

const decodeComponent = (text: string, source: FormSource): string => {
  const spaced = text.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return fail(400, `malformed percent-escape in the ${source}`);
  }
};

/**
 * Parses `application/x-www-form-urlencoded` text (a query string without its `?`, or a form
 * body) strictly: a malformed percent-escape, or one that does not decode to UTF-8, is a 400
 * rather than a silent U+FFFD, and so is a name given twice (rather than the first value winning),
 * except `skip_clientid` in a query, which is a list. Throws a 400 `HttpFailure`.
 */
export const parseForm = (text: string, source: FormSource = 'query'): URLSearchParams => {
  const form = new URLSearchParams();
  if (text === '') return form;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq < 0 ? part : part.slice(0, eq), source);
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1), source);
    if (form.has(name) && !(source === 'query' && REPEATABLE.has(name))) {
      const what = source === 'query' ? 'query parameter' : 'form field';
      return fail(400, `duplicate ${what} ${JSON.stringify(name.slice(0, 64))}`);
    }
    form.append(name, value);
  }
  return form;
};

const TRUE = new Set(['1', 'true', 'True', 'yes']);
const FALSE = new Set(['0', 'false', 'False', 'no', '']);

/**
 * A boolean flag: `1`, `true`, `True` or `yes` set it; `0`, `false`, `False`, `no`, the empty
 * value or absence clear it; anything else is a 400.
 */
export const flag = (query: URLSearchParams, name: string): boolean => {
  const value = query.get(name);
  if (value === null || FALSE.has(value)) return false;
  return TRUE.has(value) ? true : fail(400, `invalid ${name}`);
};

/** A positive integer, `fallback` when absent, clamped to `max`; 400 when zero, negative or not a number. */
export const positiveInt = (
  query: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
): number => {
  const value = query.get(name);
  if (value === null) return fallback;
  if (!/^\d{1,16}$/.test(value) || Number(value) === 0) return fail(400, `invalid ${name}`);
  return Math.min(Number(value), max);
};

/** A cv (24 hex digits), or `undefined` when absent; 400 when malformed. */
export const cvParam = (query: URLSearchParams, name: string): string | undefined => {
  const value = query.get(name);
  if (value === null) return undefined;
  return isCv(value) ? value : fail(400, `invalid ${name}`);
};

/** An identifier such as `ccid` or `clientid` (1–256 characters), or `undefined`. */
export const idParam = (query: URLSearchParams, name: string): string | undefined => {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  return value.length <= 256 ? value : fail(400, `invalid ${name}`);
};

/** An object version from a `/v/{n}` path segment; 400 when it is not a whole number. */
export const versionNumber = (raw: string): number =>
  /^\d{1,15}$/.test(raw) ? Number(raw) : fail(400, 'invalid version');
