/**
 * The parts of node-simperium (npm `simperium`, 1.1.4, plain JavaScript without types) that the
 * interoperability specs drive.
 */
declare module 'simperium' {
  import type { EventEmitter } from 'node:events';

  /** An object as the bucket's store holds it: `data` is `undefined` when there is none. */
  export interface BucketObject {
    readonly id: string;
    readonly data: Record<string, unknown> | undefined;
  }

  /** The server-acknowledged state of the objects of one bucket, and the channel's cv. */
  export interface GhostStore {
    get(id: string): Promise<{ key?: string; version?: number; data: Record<string, unknown> }>;
    put(id: string, version: number, data: Record<string, unknown>): Promise<unknown>;
    remove(id: string): Promise<unknown>;
    getChangeVersion(): Promise<string | null | undefined>;
    setChangeVersion(cv: string | null): Promise<unknown>;
  }

  /** The sync engine behind a bucket: its events tell when an incoming change is applied. */
  export interface Channel extends EventEmitter {
    /** The changes in flight (one per object at most) and those queued behind them. */
    readonly localQueue: {
      readonly sent: Record<string, unknown>;
      readonly queues: Record<string, ReadonlyArray<unknown>>;
    };
    /** The ghost store the channel was given. */
    readonly store: GhostStore;
  }

  export interface Bucket extends EventEmitter {
    readonly channel: Channel;
    update(id: string, data: Record<string, unknown>): Promise<BucketObject>;
    get(id: string): Promise<BucketObject>;
    remove(id: string): Promise<unknown>;
    find(query?: unknown): Promise<BucketObject[]>;
    getVersion(id: string): Promise<number>;
  }

  /** The W3C-style socket a client opens (`websocket`'s `w3cwebsocket` by default). */
  export interface ClientSocket {
    send(data: string): void;
    close(): void;
    onopen: (() => void) | null;
    onmessage: ((event: { data: string }) => void) | null;
    onclose: (() => void) | null;
  }

  export interface ClientOptions {
    /** The whole WebSocket URL, used as it is. */
    url?: string;
    /** Seconds without a message before a heartbeat (default 4). */
    heartbeatInterval?: number;
    websocketClientProvider?: (url: string) => ClientSocket;
    ghostStoreProvider?: (bucket: unknown) => GhostStore;
  }

  export interface Client extends EventEmitter {
    /** The socket opened last: a new one on every reconnect. */
    readonly socket: ClientSocket;
    bucket(name: string): Bucket;
    end(): void;
  }

  const createClient: (appId: string, token: string, options?: ClientOptions) => Client;
  export default createClient;
}

/** The W3C-style client of the `websocket` package, node-simperium's own transport. */
declare module 'websocket' {
  import type { ClientSocket } from 'simperium';

  export const w3cwebsocket: new (url: string) => ClientSocket;
}
