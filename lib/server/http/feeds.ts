/**
 * Long-poll bookkeeping for `changes` and `all`: requests with nothing to say yet are held per
 * bucket until a committed write there gives them an answer, their window passes (then they
 * get `[]`), the client goes away, or the server closes.
 */
import type { ServerResponse } from 'node:http';
import { HttpFailure } from '../domain/failure';
import { sendFailure, sendJson, sendText } from './http-util';

/**
 * Runs a held request's query again: an answer to send, or `undefined` to keep waiting. Throws
 * an `HttpFailure` to answer with it instead (its credentials are no longer valid).
 */
export type Poll = () => ReadonlyArray<unknown> | undefined;

interface Waiter {
  readonly res: ServerResponse;
  readonly poll: Poll;
  readonly timer: NodeJS.Timeout;
}

const bucketKey = (app: string, bucket: string): string => `${app}\u0000${bucket}`;

export class Feeds {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private held = 0;

  /** How many requests are held right now. */
  get heldCount(): number {
    return this.held;
  }

  /**
   * Holds `res` until `poll` has an answer after a write to the bucket, or `windowMs` passes
   * (then answers `[]`). A client that disconnects is released at once.
   */
  hold(app: string, bucket: string, res: ServerResponse, poll: Poll, windowMs: number): void {
    const key = bucketKey(app, bucket);
    const set = this.waiters.get(key) ?? new Set<Waiter>();
    this.waiters.set(key, set);
    const waiter: Waiter = {
      res,
      poll,
      timer: setTimeout(() => this.release(key, waiter, []), windowMs),
    };
    set.add(waiter);
    this.held += 1;
    res.on('close', () => this.remove(key, waiter));
  }

  /** Gives every request held on the bucket a chance to answer; call after each commit. */
  notify(app: string, bucket: string): void {
    const key = bucketKey(app, bucket);
    for (const waiter of [...(this.waiters.get(key) ?? [])]) {
      let answer: ReadonlyArray<unknown> | undefined;
      try {
        answer = waiter.poll();
      } catch (err) {
        this.remove(key, waiter);
        if (err instanceof HttpFailure) sendFailure(waiter.res, err);
        else sendText(waiter.res, 500, 'internal error');
        continue;
      }
      if (answer !== undefined) this.release(key, waiter, answer);
    }
  }

  /** Answers every held request with `[]`; resolves once those answers are written. */
  async closeAll(): Promise<void> {
    const pending: Array<Promise<void>> = [];
    for (const [key, set] of this.waiters) {
      for (const waiter of [...set]) {
        pending.push(new Promise((resolve) => waiter.res.once('close', () => resolve())));
        this.release(key, waiter, [], { Connection: 'close' });
      }
    }
    await Promise.all(pending);
  }

  private release(
    key: string,
    waiter: Waiter,
    answer: ReadonlyArray<unknown>,
    headers: Record<string, string> = {},
  ): void {
    this.remove(key, waiter);
    sendJson(waiter.res, 200, answer, headers);
  }

  private remove(key: string, waiter: Waiter): void {
    const set = this.waiters.get(key);
    if (!set?.delete(waiter)) return;
    clearTimeout(waiter.timer);
    this.held -= 1;
    if (set.size === 0) this.waiters.delete(key);
  }
}
