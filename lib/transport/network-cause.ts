/**
 * What a failed `fetch` says about why. A browser's `fetch` says little (`Failed to fetch`);
 * Node's fails with `TypeError: fetch failed` whose `cause` is the socket error (`connect
 * ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND example.invalid`). This reads the failure
 * and the cause it wraps into one line a user can act on, and the system error code.
 *
 * @since 0.1.0
 */

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
}

/** What a failure says: one line, and the system error code when there is one. */
export interface CauseReading {
  /** e.g. `fetch failed: connect ECONNREFUSED 127.0.0.1:8080` */
  readonly message: string;
  /** `ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET` …, when the failure or its cause has one. */
  readonly code?: string;
}

/** A failure's own line: its message, or its code when the message is empty (an `AggregateError`). */
const line = (e: unknown): string => {
  if (typeof e !== 'object' || e === null) return e === undefined ? '' : String(e);
  const { message, code } = e as ErrorLike;
  return (typeof message === 'string' && message.trim()) || (typeof code === 'string' ? code : '');
};

const systemCode = (e: unknown): string | undefined => {
  const code = typeof e === 'object' && e !== null ? (e as ErrorLike).code : undefined;
  return typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) ? code : undefined;
};

/**
 * Reads a failure and the cause it wraps: their lines joined by `: ` (the cause's left out when
 * it repeats the failure's), and the first system error code of the two.
 */
export const readCause = (failure: unknown): CauseReading => {
  const cause =
    typeof failure === 'object' && failure !== null ? (failure as ErrorLike).cause : undefined;
  const [outer, inner] = [line(failure), line(cause)];
  const message = [outer, inner === outer ? '' : inner].filter(Boolean).join(': ');
  const code = systemCode(failure) ?? systemCode(cause);
  return { message: message || 'network failure', ...(code === undefined ? {} : { code }) };
};
