/**
 * An in-memory WebSocket for the specs of the streaming client: it records what the client sends
 * and lets a spec open, answer and drop it.
 */
import type { WebSocketLike } from '../../lib/socket/types';

export class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  private static waiting: Array<(socket: FakeSocket) => void> = [];
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
    for (const wake of FakeSocket.waiting.splice(0)) wake(this);
  }

  /** Forgets the sockets made so far. */
  static reset(): void {
    FakeSocket.made = [];
    FakeSocket.waiting = [];
  }

  /** The next socket made (for code that makes it after an import). */
  static next(): Promise<FakeSocket> {
    return new Promise((resolve) => FakeSocket.waiting.push(resolve));
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closedWith = code ?? 1005;
    this.drop();
  }

  /** The server accepts the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The server sends `text`. */
  receive(text: string): void {
    this.onmessage?.({ data: text });
  }

  /** The messages sent on channel `n`, without their prefix. */
  on(n: number): string[] {
    return this.sent.filter((m) => m.startsWith(`${n}:`)).map((m) => m.slice(`${n}:`.length));
  }

  /** The connection ends. */
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({});
  }

  /** The last socket made. */
  static last(): FakeSocket {
    const socket = FakeSocket.made[FakeSocket.made.length - 1];
    if (socket === undefined) throw new Error('no socket was made');
    return socket;
  }
}

/** The `n`th change of another client, as the server sends it. */
export const remoteChange = (n: number) => ({
  id: `o${n}`,
  o: 'M',
  ev: 1,
  cv: `cv${n}`,
  clientid: 'other',
  ccids: [`k${n}`],
  v: { text: { o: '+', v: `${n}` } },
});
