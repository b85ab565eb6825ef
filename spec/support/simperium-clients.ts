/**
 * Official node-simperium clients (npm `simperium` 1.1.4, with its own `websocket` transport)
 * pointed at the local server's streaming endpoint, for the interoperability specs: each client
 * records the frames it sends and receives, its socket can be cut, and `settled` waits, on the
 * clients' own events rather than on time, until a condition holds.
 */
import type { EventEmitter } from 'node:events';
import createClient, {
  type Bucket,
  type Client,
  type ClientOptions,
  type ClientSocket,
  type GhostStore,
} from 'simperium';
import { w3cwebsocket } from 'websocket';

/** A client with the frames it sent and received, and a bucket opened on it. */
export interface TestClient {
  readonly client: Client;
  readonly bucket: Bucket;
  readonly sent: string[];
  readonly received: string[];
  /** Errors the bucket reported (node reports change errors such as a 404 this way). */
  readonly errors: Error[];
}

/** The URL of the streaming endpoint of a server at `baseUrl` (`http://…`) for `appId`. */
export const socketUrl = (baseUrl: string, appId: string): string =>
  `${baseUrl.replace(/^http/, 'ws')}/sock/1/${appId}/websocket`;

/** Clients opened by `open`, ended together by `endAll` (else their reconnect timers keep going). */
export class SimperiumClients {
  private readonly clients: TestClient[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly appId: string,
  ) {}

  /** Opens a client for `token` with one bucket, `bucketName`, on channel 0. */
  open(token: string, bucketName: string, options: ClientOptions = {}): TestClient {
    const client = createClient(this.appId, token, {
      url: socketUrl(this.baseUrl, this.appId),
      ...options,
    });
    const bucket = client.bucket(bucketName);
    const opened: TestClient = {
      client,
      bucket,
      sent: [],
      received: [],
      errors: [],
    };
    client.on('send', (raw: string) => opened.sent.push(raw));
    client.on('message', (raw: string) => opened.received.push(raw));
    bucket.on('error', (err: Error) => opened.errors.push(err));
    this.clients.push(opened);
    return opened;
  }

  /** Ends every client: no reconnect, socket closed. */
  endAll(): void {
    for (const { client } of this.clients.splice(0)) client.end();
  }
}

/** The events after which a client's state may have changed. */
const EVENTS: ReadonlyArray<[keyof TestClient | 'channel', string]> = [
  ['client', 'message'],
  ['client', 'connect'],
  ['client', 'disconnect'],
  ['bucket', 'update'],
  ['bucket', 'remove'],
  ['bucket', 'index'],
  ['channel', 'acknowledge'],
  ['channel', 'change-version'],
  ['channel', 'ready'],
];

const emitters = (c: TestClient, source: string): EventEmitter =>
  source === 'client' ? c.client : source === 'bucket' ? c.bucket : c.bucket.channel;

/**
 * Resolves once `check` holds, checking it now and again after every event of the clients that
 * may change their state (a frame received, a change applied or acknowledged, a cv saved, a
 * reconnect). Rejects, naming `what`, if it does not hold within `timeoutMs`: a bound on a
 * failure, not a wait.
 */
export const settled = (
  what: string,
  clients: ReadonlyArray<TestClient>,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    let running = false;
    let again = false;
    let done = false;
    const detach: Array<() => void> = [];
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const off of detach) off();
      if (err) reject(err);
      else resolve();
    };
    const run = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (await check()) return finish();
        } while (again && !done);
      } catch (err) {
        finish(err as Error);
      } finally {
        running = false;
      }
    };
    // Checks on the next turn: node applies what a frame says a few ticks after it arrives.
    const later = (): void => void setImmediate(() => void run());
    for (const c of clients) {
      for (const [source, event] of EVENTS) {
        const emitter = emitters(c, source);
        emitter.on(event, later);
        detach.push(() => emitter.off(event, later));
      }
    }
    const timer = setTimeout(
      () => finish(new Error(`not settled in ${timeoutMs} ms: ${what}`)),
      timeoutMs,
    );
    void run();
  });

/** A ghost store that outlives its client, so that a new client can resume from its cv. */
export class KeptGhosts implements GhostStore {
  private readonly ghosts = new Map<string, string>();
  private cv: string | null | undefined;

  async get(
    id: string,
  ): Promise<{ key?: string; version?: number; data: Record<string, unknown> }> {
    const kept = this.ghosts.get(id);
    return kept === undefined
      ? { key: id, data: {} }
      : (JSON.parse(kept) as { version: number; data: Record<string, unknown> });
  }

  async put(id: string, version: number, data: Record<string, unknown>): Promise<boolean> {
    this.ghosts.set(id, JSON.stringify({ key: id, version, data }));
    return true;
  }

  async remove(id: string): Promise<void> {
    this.ghosts.delete(id);
  }

  async getChangeVersion(): Promise<string | null | undefined> {
    return this.cv;
  }

  async setChangeVersion(cv: string | null): Promise<void> {
    this.cv = cv;
  }
}

/**
 * A `websocketClientProvider` around node-simperium's own transport that can lose one inbound
 * message: once `loseNext(match)` is armed, the first message `match` accepts is never delivered and
 * the socket is closed at once, as when a connection drops just before an answer arrives.
 */
export class LossyTransport {
  private match: ((data: string) => boolean) | undefined;
  /** How many messages were lost. */
  lost = 0;

  /** The provider to pass as `websocketClientProvider`. */
  readonly provider = (url: string): ClientSocket => {
    const inner = new w3cwebsocket(url);
    const outer: ClientSocket = {
      send: (data) => inner.send(data),
      close: () => inner.close(),
      onopen: null,
      onmessage: null,
      onclose: null,
    };
    inner.onopen = () => outer.onopen?.();
    inner.onclose = () => outer.onclose?.();
    inner.onmessage = (event) => {
      if (this.match?.(event.data)) {
        this.match = undefined;
        this.lost += 1;
        inner.close();
        return;
      }
      outer.onmessage?.(event);
    };
    return outer;
  };

  /** Loses the next inbound message `match` accepts, and closes its socket. */
  loseNext(match: (data: string) => boolean): void {
    this.match = match;
  }
}
