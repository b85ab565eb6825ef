/**
 * Time and number limits on the server's connections, so that no client can hold its resources
 * for long: how long a request's headers and the whole request may take to arrive, how long a
 * kept-alive connection may idle (Node's own checks, run often enough for the limits set), how many
 * connections may be open at once, and how long an answer may make no write progress — a client
 * that asks for data and never reads it, which Node does not limit. A held long-poll writes
 * nothing while it waits, so none of these cuts it inside its window.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The connection limits (see `ServerOptions` for their meaning and defaults). */
export interface SocketLimits {
  readonly maxConnections: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly sendTimeoutMs: number;
}

/** How often Node's request checks and the write-progress check run for these limits, in ms. */
export const checkInterval = (limits: SocketLimits): number =>
  Math.max(
    10,
    Math.min(
      1_000,
      Math.floor(
        Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs, limits.sendTimeoutMs) / 4,
      ),
    ),
  );

interface Progress {
  /** Bytes handed to the operating system so far. */
  flushed: number;
  /** When `flushed` last grew, or the socket last had nothing waiting to be written. */
  since: number;
}

/** The open connections of a server, and the check that closes those whose answers do not move. */
export interface SocketWatch {
  /** Connections open right now. */
  readonly count: number;
  /** Stops the check (when the server closes). */
  stop(): void;
}

/**
 * Applies the limits to `server` (created with `connectionsCheckingInterval` = `checkInterval`)
 * and starts watching its connections. The check's timer does not keep the process alive.
 */
export const limitSockets = (server: Server, limits: SocketLimits): SocketWatch => {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const sockets = new Map<Socket, Progress>();
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { flushed: 0, since: performance.now() });
    socket.once('close', () => sockets.delete(socket));
  });
  const check = (): void => {
    const now = performance.now();
    for (const [socket, progress] of sockets) {
      const waiting = socket.writableLength;
      const flushed = socket.bytesWritten - waiting;
      if (waiting === 0 || flushed > progress.flushed) {
        progress.flushed = flushed;
        progress.since = now;
      } else if (now - progress.since >= limits.sendTimeoutMs) {
        socket.destroy();
      }
    }
  };
  const timer = setInterval(check, checkInterval(limits));
  timer.unref();
  return {
    get count() {
      return sockets.size;
    },
    stop: () => clearInterval(timer),
  };
};
