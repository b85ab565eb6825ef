/**
 * Expected failures: a request the rules refuse is answered with a status and a short message
 * (plain text over HTTP). Handlers and domain rules throw them; the protocol side answers them.
 * Messages never echo credentials.
 */

/** An expected failure: the request is answered with `status` and `message`. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

/** Throws an `HttpFailure` (an expression, so it fits after `??`). */
export const fail = (
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): never => {
  throw new HttpFailure(status, message, headers);
};
