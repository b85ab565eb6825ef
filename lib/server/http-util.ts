/**
 * Small helpers for answering requests: an `HttpFailure` that handlers throw for expected
 * errors (4xx answered with a short plain-text body), and writers for JSON, text and empty
 * bodies. Error bodies never echo credentials.
 */
import type { ServerResponse } from 'node:http';

/** An expected failure: the request is answered with `status` and `message` as plain text. */
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

type Headers = Readonly<Record<string, string | number>>;

const write = (res: ServerResponse, status: number, body: string, headers: Headers): void => {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
};

/** Answers with `value` as JSON. */
export const sendJson = (
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Headers = {},
): void =>
  write(res, status, JSON.stringify(value), {
    'Content-Type': 'application/json; charset=UTF-8',
    ...headers,
  });

/** Answers with a plain-text body (empty text gives an empty body with no content type). */
export const sendText = (
  res: ServerResponse,
  status: number,
  text: string,
  headers: Headers = {},
): void =>
  write(
    res,
    status,
    text,
    text === '' ? headers : { 'Content-Type': 'text/plain; charset=UTF-8', ...headers },
  );

/** Answers with an `HttpFailure`'s status, headers and message. */
export const sendFailure = (res: ServerResponse, failure: HttpFailure): void =>
  sendText(res, failure.status, failure.message, failure.headers);
