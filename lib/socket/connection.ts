/**
 * One WebSocket shared by many channels: opened with the first channel, closed with the last,
 * kept alive by heartbeats, and opened again (with capped, jittered backoff) whenever it drops,
 * each channel then starting over (`init`) and resuming where it was.
 *
 * @since 0.1.0
 */
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { backoffDelay, type RetryOptions } from '../transport/retry.js';
import { channelFrame, parseFrame } from './frames.js';
import { OPEN, type WebSocketLike } from './types.js';

/** What a channel is told by its connection. */
export interface ChannelHandler {
  /** The socket is open (again): send `init`. */
  opened(): void;
  /** A message for this channel. */
  message(command: string, payload: string): void;
  /** The socket dropped; it will be opened again, after `delay` ms. */
  dropped(delay: number): void;
}

/** A channel of a connection. */
export interface Channel {
  readonly number: number;
  /** Sends `<number>:<command>:<payload>` when the socket is open (dropped otherwise). */
  send(command: string, payload: string): void;
  /** Stops routing to this channel; closes the socket with the last channel. */
  close(): void;
}

export interface ConnectionOptions {
  /** Milliseconds of silence before a heartbeat is sent; twice that, and the socket is dropped. */
  readonly heartbeat: number;
  /** The backoff of reconnections (its `count` is ignored: a connection always reconnects). */
  readonly retry: RetryOptions;
  readonly scheduler?: SchedulerLike;
}

/**
 * A multiplexed connection to `url`. Nothing connects before the first channel opens; each
 * channel gets a number of its own (never reused by this connection).
 */
export class Connection {
  private socket: WebSocketLike | undefined;
  private readonly channels = new Map<number, ChannelHandler>();
  private next = 0;
  private attempt = 0;
  private beats = 0;
  private timer: Subscription | undefined;
  /** When the socket last heard from the server (the scheduler's clock). */
  private heard = 0;
  /** Whether a heartbeat was sent since the socket last heard anything. */
  private beating = false;
  private readonly scheduler: SchedulerLike;

  constructor(
    private readonly url: string,
    private readonly connect: (url: string) => WebSocketLike,
    private readonly options: ConnectionOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  /**
   * Opens a channel: `handler` gets the channel, and says what to do when the socket opens (send
   * `init`), with each message for the channel, and when the socket drops.
   */
  open(handler: (channel: Channel) => ChannelHandler): Channel {
    const number = this.next++;
    const channel: Channel = {
      number,
      send: (command, payload) => {
        if (this.socket?.readyState === OPEN)
          this.socket.send(channelFrame(number, command, payload));
      },
      close: () => {
        if (!this.channels.delete(number)) return;
        if (this.channels.size === 0) this.shut();
      },
    };
    const handlers = handler(channel);
    this.channels.set(number, handlers);
    if (this.socket === undefined && this.timer === undefined) this.dial();
    else if (this.socket?.readyState === OPEN) handlers.opened();
    return channel;
  }

  /** How many channels are open. */
  get size(): number {
    return this.channels.size;
  }

  private dial(): void {
    this.timer = undefined;
    let socket: WebSocketLike;
    try {
      socket = this.connect(this.url);
    } catch {
      this.redial();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.beats = 0;
      this.heard = this.scheduler.now();
      this.beating = false;
      this.watch(this.options.heartbeat);
      for (const handler of [...this.channels.values()]) handler.opened();
    };
    socket.onmessage = (event) => {
      this.attempt = 0;
      this.heard = this.scheduler.now();
      this.beating = false;
      if (typeof event.data === 'string') this.receive(event.data);
    };
    socket.onclose = () => {
      if (this.socket === socket) this.redial();
    };
    socket.onerror = () => undefined; // a close follows
  }

  private receive(text: string): void {
    const frame = parseFrame(text);
    if (frame.kind === 'channel')
      this.channels.get(frame.channel)?.message(frame.command, frame.payload);
    else if (frame.command === 'h') this.beats = Math.max(this.beats, Number(frame.payload) || 0);
  }

  /**
   * After `heartbeat` ms of silence, a heartbeat; after as long again, the socket is dropped. One
   * timer per socket: when it fires, it looks at when the socket last heard anything, and sleeps
   * again for what is left (messages only note the time, so a busy socket makes no timers).
   */
  private watch(delay: number): void {
    this.timer = this.scheduler.schedule(() => {
      const quiet = this.scheduler.now() - this.heard;
      const { heartbeat } = this.options;
      if (quiet < heartbeat) return this.watch(heartbeat - quiet);
      if (!this.beating) {
        this.beating = true;
        this.socket?.send(`h:${(this.beats += 1)}`);
        return this.watch(heartbeat);
      }
      if (quiet < 2 * heartbeat) return this.watch(2 * heartbeat - quiet);
      this.socket?.close();
    }, delay);
  }

  /** The socket dropped: tell every channel, and dial again after the backoff. */
  private redial(): void {
    this.timer?.unsubscribe();
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      socket.onopen = socket.onmessage = socket.onclose = null;
    }
    if (this.channels.size === 0) return;
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.options.retry);
    for (const handler of [...this.channels.values()]) handler.dropped(delay);
    if (this.channels.size === 0) return; // the last channel closed when told
    this.timer = this.scheduler.schedule(() => this.dial(), delay);
  }

  /** The last channel closed: close the socket and stop every timer. */
  private shut(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close(1000);
    }
    this.attempt = 0;
  }
}
