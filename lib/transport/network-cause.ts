/**
 * What a failed `fetch` says about why. Platform fetches wrap the reason: Node's fails with
 * `TypeError: fetch failed` whose `cause` is the socket error (`connect ECONNREFUSED
 * 127.0.0.1:8080`, `getaddrinfo ENOTFOUND example.invalid`), or an `AggregateError` of one error
 * per address tried. This reads the whole chain into one line a user can act on.
 *
 * @since 0.1.0
 */

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

const isObject = (u: unknown): u is ErrorLike => typeof u === 'object' && u !== null;

/** Deep enough for every wrapper seen in practice; a cycle of causes stops here too. */
const MAX_DEPTH = 5;

const ownMessage = (e: ErrorLike): string | undefined => {
  const message = typeof e.message === 'string' ? e.message.trim() : '';
  if (message !== '') return message;
  return typeof e.code === 'string' ? e.code : undefined;
};

/** The messages of `cause` and of what it wraps, outermost first, without repeats. */
const messages = (cause: unknown, depth: number): string[] => {
  if (!isObject(cause)) return cause === undefined ? [] : [String(cause)];
  const own = ownMessage(cause);
  const inner = Array.isArray(cause.errors)
    ? [
        cause.errors
          .map((e: unknown) => messages(e, MAX_DEPTH).join(': '))
          .filter((m) => m !== '')
          .join('; '),
      ]
    : [];
  const deeper = depth < MAX_DEPTH ? messages(cause.cause, depth + 1) : [];
  return [...(own === undefined ? [] : [own]), ...inner, ...deeper].filter(
    (m, i, all) => m !== '' && all.indexOf(m) === i,
  );
};

/**
 * One line naming a failure and every cause it wraps, e.g. `fetch failed: connect ECONNREFUSED
 * 127.0.0.1:8080`.
 */
export const describeCause = (cause: unknown): string =>
  messages(cause, 0).join(': ') || 'network failure';

/** The first system error code in the chain (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET` …). */
export const causeCode = (cause: unknown, depth = 0): string | undefined => {
  if (!isObject(cause) || depth > MAX_DEPTH) return undefined;
  if (typeof cause.code === 'string' && /^E[A-Z0-9_]+$/.test(cause.code)) return cause.code;
  const fromErrors = Array.isArray(cause.errors)
    ? cause.errors.map((e: unknown) => causeCode(e, MAX_DEPTH)).find((c) => c !== undefined)
    : undefined;
  return fromErrors ?? causeCode(cause.cause, depth + 1);
};
