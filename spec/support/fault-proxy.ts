/**
 * A fault-injecting HTTP proxy for tests: it sits between a client and a server, both on
 * loopback, and turns a share of the requests into network faults.
 *
 * ```ts
 * const proxy = await startFaultProxy({ target: server.url, rate: 0.3, seed: 42 });
 * const api = new Api(appId, token, { baseUrl: proxy.url });
 * // … run the client through the faults …
 * proxy.setRate(0); // let the client settle
 * expect(proxy.counts().passed).toBeGreaterThan(0);
 * await proxy.close();
 * ```
 *
 * `startFaultProxy(options)` listens on 127.0.0.1 on a free port and resolves with
 * `{ url, counts(), setRate(r), close() }`. Options:
 * - `target`: the server's origin, e.g. `http://127.0.0.1:1234` (a path is prefixed to each request);
 * - `rate`: the probability, 0..1, that a request (among those `only` accepts) is faulted;
 * - `faults`: the kinds to draw from, uniformly (default: all of {@link FAULT_KINDS});
 * - `seed`: seed of the PRNG (mulberry32) that draws faults; the same seed and the same sequence
 *   of requests give the same faults (default 1);
 * - `retryAfterSeconds`: the `Retry-After` value of a 429 (default 1);
 * - `stallMs`: how long `stall` holds a request once forwarded, then resets it (default 10 000);
 * - `delayMs`: how long `delay` holds a request before forwarding it (default 200);
 * - `only`: which requests may be faulted (default: all); the others always pass.
 *
 * Fault kinds:
 * - `reset-before`: destroys the client's socket without forwarding the request.
 * - `reset-mid-response`: forwards the request and, once the server's answer is complete, sends its
 *   status line and headers (with a `Content-Length` of the whole body, at least 1) and the first
 *   half of the body, then destroys the socket.
 * - `status-500`, `status-502`, `status-503`: answers with that status without forwarding.
 * - `status-429`: answers 429 with `Retry-After: <retryAfterSeconds>` without forwarding.
 * - `truncate-json`: forwards and, once the server's answer is complete, sends a complete response
 *   (server's status and headers) whose body is the first half of the server's body, with a
 *   matching `Content-Length`.
 * - `stall`: forwards, discards the server's answer and answers nothing; resets the connection
 *   `stallMs` after the whole request was handed to the server, unless the client gives up first.
 * - `delay`: forwards the request unchanged after `delayMs`.
 *
 * `reset-mid-response`, `truncate-json` and `stall` forward the request first: the server may
 * apply a write whose answer the client never sees. That is intended, since it is exactly the case
 * a client's ccid reuse must handle.
 *
 * Requests that pass are forwarded faithfully: method, path and query, headers (only `Host` is
 * rewritten; hop-by-hop headers are left to each connection), streamed body; the answer's status,
 * headers and streamed body come back as sent. When the client goes away before the answer is
 * complete, the upstream request is destroyed, so a server holding a long poll releases it. When
 * the server cannot be reached or fails mid-answer, the client's connection is destroyed.
 *
 * `counts()` tells how many requests met each fault, and `passed` how many went through
 * untouched; they add up to the number of requests received. `setRate(r)` changes the rate for the
 * next requests. `close()` stops listening, destroys every open socket (both sides) and clears
 * every timer, and resolves once all of them are closed.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from './mulberry32';

export const FAULT_KINDS = [
  'reset-before',
  'reset-mid-response',
  'status-500',
  'status-502',
  'status-503',
  'status-429',
  'truncate-json',
  'stall',
  'delay',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  readonly target: string;
  readonly rate: number;
  readonly faults?: readonly FaultKind[];
  readonly seed?: number;
  readonly retryAfterSeconds?: number;
  readonly stallMs?: number;
  readonly delayMs?: number;
  readonly only?: (req: { method: string; url: string }) => boolean;
}

export interface FaultProxy {
  readonly url: string;
  counts(): Record<FaultKind | 'passed', number>;
  setRate(rate: number): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** Raw header list (name, value, name, value…) without hop-by-hop headers and `drop`. */
const endToEnd = (raw: readonly string[], drop: readonly string[] = []): string[] => {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !drop.includes(lower)) out.push(name, raw[i + 1] as string);
  }
  return out;
};

const checkRate = (rate: number): number => {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be within 0..1, got ${rate}`);
  return rate;
};

const readAll = (stream: NodeJS.ReadableStream): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/** Starts a fault-injecting proxy in front of `options.target`; see the module header. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new RangeError('target must be an http: URL');
  const prefix = target.pathname.replace(/\/$/, '');
  const faults = options.faults ?? FAULT_KINDS;
  if (faults.length === 0) throw new RangeError('faults must not be empty');
  const { retryAfterSeconds = 1, stallMs = 10_000, delayMs = 200, only = () => true } = options;
  let rate = checkRate(options.rate);
  const random = mulberry32(options.seed ?? 1);
  const tally = Object.fromEntries([...FAULT_KINDS, 'passed'].map((k) => [k, 0])) as Record<
    FaultKind | 'passed',
    number
  >;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const agent = new http.Agent({ keepAlive: false });

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const later = (ms: number, fn: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  };

  const draw = (req: http.IncomingMessage): FaultKind | 'passed' => {
    if (!only({ method: req.method ?? 'GET', url: req.url ?? '/' })) return 'passed';
    if (rate === 0 || random() >= rate) return 'passed';
    return faults[Math.floor(random() * faults.length)] ?? 'passed';
  };

  /** Sends the request upstream; the client going away destroys it. */
  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    onResponse: (upstream: http.IncomingMessage) => void,
  ): http.ClientRequest => {
    const upstreamReq = http.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: prefix + (req.url ?? '/'),
      headers: [...endToEnd(req.rawHeaders, ['host']), 'Host', target.host],
      agent,
    });
    upstreamReq.on('socket', track);
    upstreamReq.on('error', () => res.destroy());
    let answered: http.IncomingMessage | undefined;
    upstreamReq.on('response', (upstream) => {
      answered = upstream;
      upstream.on('error', () => res.destroy());
      onResponse(upstream);
    });
    res.on('close', () => {
      if (!answered?.complete) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
    return upstreamReq;
  };

  const pass = (req: http.IncomingMessage, res: http.ServerResponse) =>
    forward(req, res, (upstream) => {
      res.writeHead(
        upstream.statusCode ?? 502,
        upstream.statusMessage,
        endToEnd(upstream.rawHeaders),
      );
      res.flushHeaders();
      upstream.pipe(res);
    });

  const cut = (req: http.IncomingMessage, res: http.ServerResponse, complete: boolean) =>
    forward(req, res, async (upstream) => {
      const body = await readAll(upstream).catch(() => undefined);
      if (body === undefined) return;
      const half = body.subarray(0, Math.floor(body.length / 2));
      const length = complete ? half.length : Math.max(body.length, 1);
      const headers = endToEnd(upstream.rawHeaders, ['content-length']);
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, [
        ...headers,
        'Content-Length',
        String(length),
      ]);
      if (complete) res.end(half);
      else res.write(half, () => res.destroy());
    });

  const answer = (res: http.ServerResponse, status: number, extra: string[] = []) => {
    const body = JSON.stringify({ error: http.STATUS_CODES[status] ?? 'fault' });
    res.writeHead(status, [
      'Content-Type',
      'application/json',
      'Content-Length',
      String(Buffer.byteLength(body)),
      ...extra,
    ]);
    res.end(body);
  };

  /** Runs `fn` after `ms` unless the client's connection closes first. */
  const unlessClosed = (res: http.ServerResponse, ms: number, fn: () => void) => {
    if (res.closed) return;
    const timer = later(ms, fn);
    res.once('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const stall = (req: http.IncomingMessage, res: http.ServerResponse) =>
    forward(req, res, (upstream) => upstream.resume()).once('finish', () =>
      unlessClosed(res, stallMs, () => res.destroy()),
    );

  const delay = (req: http.IncomingMessage, res: http.ServerResponse) =>
    unlessClosed(res, delayMs, () => pass(req, res));

  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const handlers: Record<FaultKind | 'passed', Handler> = {
    passed: pass,
    'reset-before': (req) => req.socket.destroy(),
    'reset-mid-response': (req, res) => cut(req, res, false),
    'truncate-json': (req, res) => cut(req, res, true),
    'status-500': (_req, res) => answer(res, 500),
    'status-502': (_req, res) => answer(res, 502),
    'status-503': (_req, res) => answer(res, 503),
    'status-429': (_req, res) => answer(res, 429, ['Retry-After', String(retryAfterSeconds)]),
    stall,
    delay,
  };

  const server = http.createServer((req, res) => {
    const kind = draw(req);
    tally[kind] += 1;
    handlers[kind](req, res);
  });
  server.on('connection', track);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...tally }),
    setRate: (next) => {
      rate = checkRate(next);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const open = [...sockets].map(
        (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
      );
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await Promise.all([closed, ...open]);
    },
  };
}
