/**
 * The request log: one line per request (method, path with secret-looking query values redacted,
 * status or `aborted`, duration), written once the response is finished or the client has gone.
 * Lines are formatted and handed to the log function once per turn of the event loop, together,
 * so that logging costs a request nothing on its way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const SECRET_PARAM = /token|key|secret|pass|auth|client_id/i;

/** The request path for logs: query values whose names suggest a secret are redacted. */
export const loggablePath = (url: string): string => {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = new URLSearchParams(url.slice(q + 1));
  for (const name of new Set(query.keys())) {
    if (SECRET_PARAM.test(name)) query.set(name, 'redacted');
  }
  const rest = query.toString();
  return rest === '' ? url.slice(0, q) : `${url.slice(0, q)}?${rest}`;
};

interface Entry {
  readonly method: string;
  readonly url: string;
  readonly status: string;
  readonly ms: number;
}

/** Records one request in the log (call it as the request starts). */
export type RequestLog = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A request log writing to `sink`, one call per line, at the end of the event-loop turn in which
 * the responses closed. A sink that throws loses that line, nothing else.
 */
export const requestLog = (sink: (line: string) => void): RequestLog => {
  let pending: Entry[] = [];
  const flush = (): void => {
    const entries = pending;
    pending = [];
    for (const { method, url, status, ms } of entries) {
      try {
        sink(`${method} ${loggablePath(url)} ${status} ${ms.toFixed(1)}ms`);
      } catch {
        // A failing log sink must not take the server down.
      }
    }
  };
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      pending.push({
        method: req.method ?? '?',
        url: req.url ?? '/',
        status: res.writableFinished ? String(res.statusCode) : 'aborted',
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
      if (pending.length === 1) setImmediate(flush);
    });
  };
};
