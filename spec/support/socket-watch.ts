/**
 * Watching every TCP socket the process opens, client side and server side, so that a test can
 * await the moment they have all closed instead of guessing how long that takes.
 *
 * Node publishes each new socket on the `net.client.socket` diagnostics channel (`net.connect`,
 * which the global `fetch` uses for its connections) and on `net.server.socket` (each connection
 * a server accepts). The watch subscribes to both and keeps a promise of each socket's `close`.
 *
 * ```ts
 * const sockets = watchSockets();
 * // … open and cancel requests …
 * await sockets.allClosed(); // every socket seen since the watch started has closed
 * sockets.stop();
 * ```
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface SocketWatch {
  /** How many sockets were opened (both sides) since the watch started. */
  opened(): number;
  /** How many of them are still open. */
  open(): number;
  /**
   * Resolves once every socket opened since the watch started has emitted `close`, including
   * sockets opened while it waits. Never waits on a clock: it awaits the `close` events.
   */
  allClosed(): Promise<void>;
  /** Stops watching (sockets opened afterwards are not seen). */
  stop(): void;
}

const CHANNELS = ['net.client.socket', 'net.server.socket'] as const;

/** Starts watching the sockets the process opens; see {@link SocketWatch}. */
export function watchSockets(): SocketWatch {
  const closing = new Map<Socket, Promise<void>>();
  let opened = 0;
  const onSocket = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    opened += 1;
    closing.set(
      socket,
      new Promise<void>((resolve) => {
        socket.once('close', () => {
          closing.delete(socket);
          resolve();
        });
      }),
    );
  };
  for (const channel of CHANNELS) subscribe(channel, onSocket);
  return {
    opened: () => opened,
    open: () => closing.size,
    allClosed: async () => {
      while (closing.size > 0) await Promise.all([...closing.values()]);
    },
    stop: () => {
      for (const channel of CHANNELS) unsubscribe(channel, onSocket);
    },
  };
}
