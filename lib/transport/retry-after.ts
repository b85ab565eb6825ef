/**
 * Reading a `Retry-After` header.
 *
 * @since 0.1.0
 */

const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * The wait a `Retry-After` header asks for, in milliseconds: either delay-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, measured from `now`; a date in the past gives 0).
 * Returns `undefined` when the header is absent or unreadable. Pure: the clock is a parameter.
 *
 * @param value the header's value, if any
 * @param now the current time in epoch milliseconds
 */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined;
  const seconds = SECONDS.exec(value);
  if (seconds) return Math.round(Number(seconds[1]) * 1000);
  // Only date forms: a bare number that failed the pattern above (`-5`, `1e3`) is not a date.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};
