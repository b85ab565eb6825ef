/**
 * The socket as the protocol sees it: text out (a long message in several frames), close codes,
 * pings. `wsSocket` adapts a `ws` WebSocket; specs can pass their own.
 */
import type { WebSocket } from 'ws';
import { FRAME_BYTES } from './messages';

/** Close codes the server uses (RFC 6455, "Defined Status Codes"). */
export const CLOSE = {
  /** The server is closing. */
  goingAway: 1001,
  /** A message the grammar does not allow. */
  protocolError: 1002,
  /** A binary message: the protocol is text only. */
  unsupportedData: 1003,
  /** A socket that authenticated no channel in time. */
  policyViolation: 1008,
  /** A defect in the server (never expected). */
  internalError: 1011,
} as const;

export interface StreamSocket {
  /** Sends one text message (queued in order behind the earlier ones). */
  send(text: string): void;
  /** Starts the closing handshake with `code` and a short `reason`. */
  close(code: number, reason: string): void;
  /** Drops the connection at once (a peer that does not answer). */
  terminate(): void;
  /** Sends a ping; the client's pong proves it is there. */
  ping(): void;
}

/** `ws` as a `StreamSocket`; a message over `FRAME_BYTES` goes in several frames. */
export const wsSocket = (ws: WebSocket): StreamSocket => ({
  send: (text) => {
    if (ws.readyState !== ws.OPEN) return;
    if (text.length <= FRAME_BYTES / 3 || Buffer.byteLength(text) <= FRAME_BYTES) {
      ws.send(text);
      return;
    }
    // The receiver joins the frames' bytes before decoding, so a cut may fall inside a character.
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; at += FRAME_BYTES) {
      const end = Math.min(at + FRAME_BYTES, bytes.length);
      ws.send(bytes.subarray(at, end), { binary: false, fin: end === bytes.length });
    }
  },
  close: (code, reason) => ws.close(code, reason),
  terminate: () => ws.terminate(),
  ping: () => {
    if (ws.readyState === ws.OPEN) ws.ping();
  },
});
