/**
 * Writes over Simperium's streaming protocol: each a `c:` change on a channel of the bucket's
 * own (authenticated, never made live, so the server sends it only the results of its changes),
 * acknowledged by an answer whose `ccids` hold its ccid. A change not yet acknowledged when the
 * socket drops is sent again, with the same ccid, once the channel is authenticated again; a
 * server that applied it before answers 409, which acknowledges it too.
 *
 * @since 0.1.0
 */
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { httpError, type HttpError } from '../errors.js';
import { isRecord } from '../jsondiff/guards.js';
import type { Channel, Connection } from './connection.js';
import type { ChangeAck } from './types.js';
import { parseJson as parse } from './frames.js';

/** A change waiting for its answer. */
interface Waiting {
  /** The change as sent: `{ o, id, ccid, v?, d? }`. */
  readonly frame: string;
  readonly method: string;
  readonly done: (answer: ChangeAck | HttpError) => void;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'the server refused the change as malformed',
  401: 'no permission to change this object',
  404: 'no such object',
  405: 'the base version is unknown',
  413: 'the object would be too large',
  440: 'the change cannot be applied',
};

/**
 * The writes of one bucket over one connection, in the order they were made. The channel opens
 * with the first waiting change and closes `linger` ms after the last answer (so writes in a row
 * share it, and an idle socket still closes).
 */
export class BucketWriter {
  private readonly waiting = new Map<string, Waiting>();
  private channel: Channel | undefined;
  private authed = false;
  private idle: Subscription | undefined;
  /** When the last waiting change was settled (the scheduler's clock). */
  private settled = 0;

  constructor(
    private readonly connection: Connection,
    private readonly url: string,
    /** The `init` message of the bucket's channel. */
    private readonly init: string,
    private readonly linger: number,
    private readonly scheduler: SchedulerLike = asyncScheduler,
  ) {}

  /**
   * Sends `change` (its ccid names it; a second call with the same ccid replaces the first's
   * callback) and calls `done` once with the server's answer: a `ChangeAck`, or an `HttpError`
   * with the code of a refusal, or of a refused `init`. Returns what withdraws it (the change is
   * then no longer sent again; the server may have applied it already).
   */
  write(
    ccid: string,
    change: Readonly<Record<string, unknown>>,
    method: string,
    done: (answer: ChangeAck | HttpError) => void,
  ): () => void {
    const frame = JSON.stringify({ ...change, ccid });
    const entry: Waiting = { frame, method, done };
    this.waiting.set(ccid, entry);
    if (this.channel === undefined) this.open();
    else if (this.authed) this.channel.send('c', frame);
    return () => {
      if (this.waiting.get(ccid) === entry) this.settle(ccid);
    };
  }

  private open(): void {
    this.authed = false;
    this.channel = this.connection.open((channel) => ({
      opened: () => channel.send('init', this.init),
      dropped: () => {
        this.authed = false;
        // Idle, the channel has no reason to bring the socket back.
        if (this.waiting.size === 0) this.close();
      },
      message: (command, payload) => this.message(command, payload),
    }));
  }

  private message(command: string, payload: string): void {
    if (command === 'auth') {
      const failure = parse(payload);
      if (failure === undefined) {
        this.authed = true;
        for (const { frame } of this.waiting.values()) this.channel?.send('c', frame);
      } else this.refuseAll(failure);
    } else if (command === 'c') {
      const elements = parse(payload);
      if (Array.isArray(elements)) for (const element of elements) this.answer(element);
    }
  }

  /** Settles the waiting change an answer names by one of its `ccids`. */
  private answer(element: unknown): void {
    if (!isRecord(element) || !Array.isArray(element.ccids)) return;
    for (const ccid of element.ccids) {
      const entry = typeof ccid === 'string' ? this.waiting.get(ccid) : undefined;
      if (entry === undefined) continue;
      this.settle(ccid);
      const code = element.error;
      if (code === undefined) {
        const ev = element.ev;
        entry.done({
          status: 200,
          url: this.url,
          ...(typeof ev === 'number' ? { version: ev } : {}),
        });
      } else if (code === 409 || code === 412) entry.done({ status: code, url: this.url });
      else {
        const status = typeof code === 'number' ? code : Number(code) || 400;
        entry.done(
          httpError({
            status,
            statusText: STATUS_TEXT[status] ?? 'the server refused the change',
            method: entry.method,
            url: this.url,
            body: element,
          }),
        );
      }
    }
  }

  /** The server refused the channel's `init`: every waiting change ends with its code. */
  private refuseAll(failure: unknown): void {
    const { code, msg } = (isRecord(failure) ? failure : {}) as { code?: unknown; msg?: unknown };
    const entries = [...this.waiting.entries()];
    this.waiting.clear();
    this.close();
    for (const [, entry] of entries)
      entry.done(
        httpError({
          status: typeof code === 'number' ? code : 401,
          statusText: typeof msg === 'string' ? msg : 'unauthorized',
          method: entry.method,
          url: this.url,
          body: failure,
        }),
      );
  }

  /** Forgets a change; the channel closes `linger` ms after the last one. */
  private settle(ccid: string): void {
    this.waiting.delete(ccid);
    if (this.waiting.size > 0 || this.channel === undefined) return;
    this.settled = this.scheduler.now();
    if (this.idle === undefined) this.sleep(this.linger);
  }

  /** One timer: when it fires, the channel closes if it has been idle for `linger` ms. */
  private sleep(delay: number): void {
    this.idle = this.scheduler.schedule(() => {
      this.idle = undefined;
      if (this.waiting.size > 0) return;
      const idle = this.scheduler.now() - this.settled;
      if (idle < this.linger) this.sleep(this.linger - idle);
      else this.close();
    }, delay);
  }

  private close(): void {
    this.idle?.unsubscribe();
    this.idle = undefined;
    this.channel?.close();
    this.channel = undefined;
    this.authed = false;
  }
}
