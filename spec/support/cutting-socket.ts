/**
 * A WebSocket (`ws`) that cuts itself at random, for the soak run's socket consumer: each message
 * from the server is, at `rate`, the moment the connection breaks — half the time before the
 * message reaches the client (so the client must get it again by resuming), half the time just
 * after. Draws come from a seeded PRNG, so a seed gives the same cuts at the same message counts.
 *
 * ```ts
 * const cutter = socketCutter({ rate: 0.05, seed: 7 });
 * const api = new Api(appId, token, { baseUrl, transport: 'websocket', WebSocket: cutter.WebSocket });
 * // … later: cutter.cuts() tells how many connections it broke
 * ```
 */
import WebSocket from 'ws';
import { mulberry32 } from './mulberry32';

export interface SocketCutter {
  /** The class to give as the `WebSocket` option. */
  readonly WebSocket: new (url: string) => WebSocket;
  /** How many connections were cut so far. */
  cuts(): number;
  /** Stops cutting (to let a client settle). */
  setRate(rate: number): void;
}

type Handler = ((event: WebSocket.MessageEvent) => void) | null;

/** Makes a cutting WebSocket class; see the module header. */
export const socketCutter = (options: { rate: number; seed: number }): SocketCutter => {
  const random = mulberry32(options.seed);
  let rate = options.rate;
  let cuts = 0;
  const own = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  class CuttingSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      Object.defineProperty(this, 'onmessage', {
        configurable: true,
        get: () => own?.get?.call(this) as Handler,
        set: (handler: Handler) =>
          own?.set?.call(this, handler === null ? null : this.cutting(handler)),
      });
    }

    /** `handler`, behind a draw at each message. */
    private cutting(handler: (event: WebSocket.MessageEvent) => void) {
      return (event: WebSocket.MessageEvent): void => {
        if (this.readyState !== WebSocket.OPEN) return;
        if (random() >= rate) return handler(event);
        cuts += 1;
        const before = random() < 0.5;
        if (!before) handler(event);
        this.terminate();
      };
    }
  }
  return {
    WebSocket: CuttingSocket,
    cuts: () => cuts,
    setRate: (r) => {
      rate = r;
    },
  };
};
