import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FAULT_KINDS, type FaultKind, type FaultProxy, startFaultProxy } from './fault-proxy';
import { trackResources } from './handles';

/** What the upstream server saw of a request; `/echo` answers with it as JSON. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny upstream: it emits `seen` for each request it has read in full; `/echo…` answers 201 with the request as JSON and `X-Simperium-Version: 7`;
 * `/hold` never answers (a long poll) and emits `held` with its response; `/stream` sends its
 * headers and a first chunk, then a second chunk and the end when `finishStream()` is called.
 */
const startUpstream = async () => {
  const events = new EventEmitter();
  const seen: Seen[] = [];
  const connections: Promise<unknown>[] = [];
  let finishStream = (): void => undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      events.emit('seen');
      if (req.url === '/hold') return void events.emit('held', res);
      if (req.url === '/stream') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('first;');
        finishStream = () => res.end('second');
        return;
      }
      const json = JSON.stringify(seen[seen.length - 1]);
      res.writeHead(201, 'Made', {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(json)),
        'X-Simperium-Version': '7',
      });
      res.end(json);
    });
  });
  server.on('connection', (socket: Socket) => connections.push(once(socket, 'close')));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    events,
    seen,
    finishStream: () => finishStream(),
    allConnectionsClosed: () => Promise.all(connections),
  };
};

type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** Outcome of one `fetch`: the status and full body, or `error` when the request or body failed. */
const outcome = async (url: string, init?: RequestInit): Promise<string> => {
  try {
    const res = await fetch(url, init);
    return `${res.status} ${await res.text()}`;
  } catch {
    return 'error';
  }
};

describe('startFaultProxy', () => {
  let upstream: Upstream;
  let proxy: FaultProxy | undefined;

  beforeEach(async () => {
    upstream = await startUpstream();
  });

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    upstream.server.closeAllConnections();
    upstream.server.close();
    await once(upstream.server, 'close');
  });

  const start = async (options: Partial<Parameters<typeof startFaultProxy>[0]> = {}) => {
    proxy = await startFaultProxy({ target: upstream.url, rate: 0, ...options });
    return proxy;
  };

  describe('at rate 0', () => {
    it('should pass status, headers, body and query through, rewriting only Host', async () => {
      const { url } = await start();
      const res = await fetch(`${url}/echo?cv=abc&limit=2`, { headers: { 'X-Test': 'yes' } });
      expect(res.status).toBe(201);
      expect(res.statusText).toBe('Made');
      expect(res.headers.get('x-simperium-version')).toBe('7');
      expect(res.headers.get('content-type')).toBe('application/json');
      const seen = (await res.json()) as Seen;
      expect(seen.method).toBe('GET');
      expect(seen.url).toBe('/echo?cv=abc&limit=2');
      expect(seen.headers['x-test']).toBe('yes');
      expect(seen.headers.host).toBe(new URL(upstream.url).host);
    });

    it('should pass a POST body through', async () => {
      const { url } = await start();
      const body = JSON.stringify({ title: 'héllo', n: 5 });
      const res = await fetch(`${url}/echo/i/x?ccid=1`, { method: 'POST', body });
      const seen = (await res.json()) as Seen;
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe('/echo/i/x?ccid=1');
      expect(seen.body).toBe(body);
    });

    it('should stream an answer as the server sends it', async () => {
      const { url } = await start();
      const res = await fetch(`${url}/stream`);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('first;');
      upstream.finishStream();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        rest += new TextDecoder().decode(r.value);
      }
      expect(rest).toBe('second');
    });

    it('should prefix the path of the target', async () => {
      proxy = await startFaultProxy({ target: `${upstream.url}/echo/`, rate: 0 });
      const seen = (await (await fetch(`${proxy.url}/1/app?x=1`)).json()) as Seen;
      expect(seen.url).toBe('/echo/1/app?x=1');
    });

    it('should count every request as passed', async () => {
      const { url, counts } = await start();
      await outcome(`${url}/echo`);
      await outcome(`${url}/echo`, { method: 'POST', body: '{}' });
      expect(counts()).toEqual({ ...zeroCounts(), passed: 2 });
    });
  });

  describe('with a forced fault', () => {
    it('reset-before: should reset the connection without forwarding', async () => {
      const { url, counts } = await start({ rate: 1, faults: ['reset-before'] });
      await expect(fetch(`${url}/echo`, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(upstream.seen).toHaveLength(0);
      expect(counts()['reset-before']).toBe(1);
    });

    it('reset-mid-response: should forward, send the headers and part of the body, then reset', async () => {
      const { url } = await start({ rate: 1, faults: ['reset-mid-response'] });
      const res = await fetch(`${url}/echo`, { method: 'POST', body: '{"a":1}' });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-simperium-version')).toBe('7');
      await expect(res.text()).rejects.toThrow();
      expect(upstream.seen.map((s) => s.body)).toEqual(['{"a":1}']);
    });

    it.each([
      ['status-500', 500],
      ['status-502', 502],
      ['status-503', 503],
    ] as const)('%s: should answer %d without forwarding', async (kind, status) => {
      const { url, counts } = await start({ rate: 1, faults: [kind] });
      const res = await fetch(`${url}/echo`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(status);
      expect(res.headers.get('retry-after')).toBeNull();
      await res.text();
      expect(upstream.seen).toHaveLength(0);
      expect(counts()[kind]).toBe(1);
    });

    it('status-429: should answer 429 with Retry-After without forwarding', async () => {
      const { url } = await start({ rate: 1, faults: ['status-429'], retryAfterSeconds: 3 });
      const res = await fetch(`${url}/echo`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      await res.text();
      expect(upstream.seen).toHaveLength(0);
    });

    it('truncate-json: should forward, then answer with the first half of the body', async () => {
      const { url } = await start({ rate: 1, faults: ['truncate-json'] });
      const res = await fetch(`${url}/echo`, { method: 'POST', body: '{"a":1}' });
      const text = await res.text();
      const full = JSON.stringify(upstream.seen[0]);
      expect(res.status).toBe(201);
      expect(res.headers.get('x-simperium-version')).toBe('7');
      expect(res.headers.get('content-length')).toBe(String(Math.floor(full.length / 2)));
      expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
    });

    it('stall: should forward, answer nothing and reset after stallMs', async () => {
      const { url, counts } = await start({ rate: 1, faults: ['stall'], stallMs: 20 });
      const seen = once(upstream.events, 'seen');
      await expect(fetch(`${url}/echo`, { method: 'POST', body: '{"a":1}' })).rejects.toThrow();
      await seen;
      expect(upstream.seen.map((s) => s.body)).toEqual(['{"a":1}']);
      expect(counts().stall).toBe(1);
    });

    it('stall: should let the client give up and release the upstream request', async () => {
      const { url } = await start({ rate: 1, faults: ['stall'], stallMs: 60_000 });
      const controller = new AbortController();
      const request = fetch(`${url}/hold`, { signal: controller.signal });
      const [held] = (await once(upstream.events, 'held')) as [http.ServerResponse];
      controller.abort();
      await expect(request).rejects.toThrow();
      await once(held, 'close');
      expect(held.writableFinished).toBe(false);
    });

    it('delay: should forward the request unchanged', async () => {
      const { url, counts } = await start({ rate: 1, faults: ['delay'], delayMs: 5 });
      const res = await fetch(`${url}/echo?q=1`, { method: 'POST', body: 'x' });
      expect(res.status).toBe(201);
      expect(((await res.json()) as Seen).body).toBe('x');
      expect(counts()).toEqual({ ...zeroCounts(), delay: 1 });
    });
  });

  it('should only fault the requests that `only` accepts', async () => {
    const only = (req: { method: string; url: string }) => req.method === 'POST';
    const { url, counts } = await start({ rate: 1, faults: ['status-503'], only });
    expect(await outcome(`${url}/echo`)).toMatch(/^201 /);
    expect(await outcome(`${url}/echo`, { method: 'POST', body: '{}' })).toMatch(/^503 /);
    expect(counts()).toEqual({ ...zeroCounts(), passed: 1, 'status-503': 1 });
  });

  it('should count outcomes that add up to the requests received', async () => {
    const faults: FaultKind[] = ['reset-before', 'status-500', 'status-429', 'truncate-json'];
    const { url, counts } = await start({ rate: 0.5, faults, seed: 7 });
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) outcomes.push(await outcome(`${url}/echo`));
    const c = counts();
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    expect(total).toBe(40);
    expect(c.passed).toBeGreaterThan(0);
    expect(c.passed).toBeLessThan(40);
    expect(outcomes.filter((o) => o === 'error')).toHaveLength(c['reset-before']);
    expect(outcomes.filter((o) => o.startsWith('500 '))).toHaveLength(c['status-500']);
    expect(outcomes.filter((o) => o.startsWith('429 '))).toHaveLength(c['status-429']);
    expect(upstream.seen).toHaveLength(c.passed + c['truncate-json']);
  });

  it('should draw the same faults for the same seed', async () => {
    const run = async (seed: number) => {
      const p = await startFaultProxy({
        target: upstream.url,
        rate: 0.5,
        faults: ['status-500', 'status-502', 'status-503', 'status-429'],
        seed,
      });
      const statuses: string[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await outcome(`${p.url}/echo`)).slice(0, 3));
      await p.close();
      return statuses;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
  });

  it('should change the rate with setRate and refuse one outside 0..1', async () => {
    const { url, setRate } = await start({ rate: 1, faults: ['status-503'] });
    expect(await outcome(`${url}/echo`)).toMatch(/^503 /);
    setRate(0);
    expect(await outcome(`${url}/echo`)).toMatch(/^201 /);
    expect(() => setRate(1.5)).toThrow(RangeError);
    expect(() => setRate(Number.NaN)).toThrow(RangeError);
  });

  it('should refuse bad options', async () => {
    await expect(startFaultProxy({ target: upstream.url, rate: -0.1 })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target: upstream.url, rate: 0, faults: [] })).rejects.toThrow(
      RangeError,
    );
    await expect(startFaultProxy({ target: 'https://127.0.0.1:1', rate: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it('should abort the upstream request when the client aborts', async () => {
    const { url } = await start();
    const controller = new AbortController();
    const request = fetch(`${url}/hold`, { signal: controller.signal });
    const [held] = (await once(upstream.events, 'held')) as [http.ServerResponse];
    controller.abort();
    await expect(request).rejects.toThrow();
    await once(held, 'close');
    expect(held.writableFinished).toBe(false);
  });

  it('should reset the client when the server cannot be reached', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const target = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    await once(closed, 'close');
    proxy = await startFaultProxy({ target, rate: 0 });
    expect(await outcome(`${proxy.url}/echo`)).toBe('error');
  });

  it('should leave no open handles after close', async () => {
    const resources = await trackResources();
    const p = await startFaultProxy({
      target: upstream.url,
      rate: 0.5,
      seed: 3,
      faults: ['delay', 'stall', 'reset-mid-response', 'truncate-json', 'status-502'],
      delayMs: 1,
      stallMs: 1,
      only: (req) => req.url !== '/hold',
    });
    const clientSockets: Promise<unknown>[] = [];
    const get = (path: string) =>
      new Promise<string>((resolve) => {
        const req = http.get(`${p.url}${path}`, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
          res.on('error', () => resolve('error'));
        });
        req.on('socket', (socket) => clientSockets.push(once(socket, 'close')));
        req.on('error', () => resolve('error'));
      });
    const answered = await Promise.all([get('/echo'), get('/echo'), get('/echo'), get('/echo')]);
    const pending = get('/hold');
    await once(upstream.events, 'held');
    await p.close();
    expect(await pending).toBe('error');
    await Promise.all(clientSockets);
    await upstream.allConnectionsClosed();
    expect(answered).toHaveLength(4);
    expect(await resources.leaked()).toEqual({});
  });
});

const zeroCounts = (): Record<FaultKind | 'passed', number> =>
  Object.fromEntries([...FAULT_KINDS, 'passed'].map((k) => [k, 0])) as Record<
    FaultKind | 'passed',
    number
  >;
