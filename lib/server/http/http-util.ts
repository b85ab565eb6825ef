/**
 * Small helpers for answering requests: writers for JSON, text and empty bodies, and for an
 * `HttpFailure` (see `domain/failure.ts`), answered with a short plain-text body.
 */
import type { ServerResponse } from 'node:http';
import { HttpFailure } from '../domain/failure';

type Headers = Readonly<Record<string, string | number>>;

/** Bodies from this size on are written as a Buffer (see `write`). */
const LARGE = 64 * 1024;

/**
 * Answers with `body`. A large body is turned into a Buffer first: while a client is slow to read
 * it, the server then holds one copy of it, not the text and the bytes written from it.
 */
const write = (res: ServerResponse, status: number, body: string, headers: Headers): void => {
  if (res.headersSent || res.destroyed) return;
  const bytes = body.length >= LARGE ? Buffer.from(body, 'utf8') : body;
  const length = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  res.writeHead(status, { ...headers, 'Content-Length': length });
  res.end(bytes);
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

/** Answers with `text`, which is already JSON (stored JSON texts put together as they are). */
export const sendJsonText = (
  res: ServerResponse,
  status: number,
  text: string,
  headers: Headers = {},
): void =>
  write(res, status, text, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });

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
