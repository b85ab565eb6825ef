/**
 * What the socket protocol works with: the storage and subscribers the HTTP side uses too, the
 * socket limits, and who holds how many sockets.
 */
import type { Subscribers } from '../domain/subscribers';
import type { Storage } from '../storage';

/** The socket limits (see `ServerOptions` for each one's meaning and default). */
export interface StreamLimits {
  readonly maxSocketMessageBytes: number;
  readonly maxChannelsPerSocket: number;
  readonly maxSocketsPerUser: number;
  readonly socketPingIntervalMs: number;
  readonly socketAuthTimeoutMs: number;
  /** Bounds index pages and change messages too (below `MESSAGE_BYTES`, see `messages.ts`). */
  readonly maxAnswerBytes: number;
}

export interface StreamContext {
  readonly storage: Storage;
  readonly subscribers: Subscribers;
  readonly limits: StreamLimits;
  readonly holders: SocketHolders;
}

/**
 * The sockets each user holds in each app: a socket counts for a user once one of its channels is
 * authenticated as them, until it has no such channel left.
 */
export class SocketHolders {
  private readonly held = new Map<string, Set<object>>();

  constructor(private readonly max: number) {}

  /** Counts `socket` for the user; `false` (and nothing counted) when they hold `max` others. */
  admit(app: string, user: string, socket: object): boolean {
    const key = `${app}\u0000${user}`;
    const sockets = this.held.get(key) ?? new Set();
    if (!sockets.has(socket) && sockets.size >= this.max) return false;
    sockets.add(socket);
    this.held.set(key, sockets);
    return true;
  }

  /** No longer counts `socket` for the user. */
  release(app: string, user: string, socket: object): void {
    const key = `${app}\u0000${user}`;
    const sockets = this.held.get(key);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.held.delete(key);
  }
}
