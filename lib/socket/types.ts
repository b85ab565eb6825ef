/**
 * What the streaming transport needs of a WebSocket (the part of the standard interface that
 * browsers and the `ws` package share), and what its writes are made of.
 *
 * @since 0.1.0
 */

/** A WebSocket, as the browser's `WebSocket` and `ws` both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** A WebSocket constructor: the browser's `WebSocket`, `ws`'s default export, or a test double. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open WebSocket. */
export const OPEN = 1;

/** What the server answered to a change it did not refuse. */
export interface ChangeAck {
  /** 200 applied, 409 applied before (a resend), 412 changed nothing. */
  readonly status: 200 | 409 | 412;
  /** The object's version after the change (`ev`), when applied now. */
  readonly version?: number;
  /** The socket's URL (it holds no secret). */
  readonly url: string;
}

/**
 * A write as a change of the streaming protocol, which a context with `transport: 'websocket'`
 * sends over its socket: `M` with the document's keys (`replace`: the whole document), as
 * `post$` writes, or `-`, as `delete$` does.
 */
export interface SocketWrite {
  readonly o: 'M' | '-';
  readonly body?: unknown;
  readonly replace?: boolean;
}
