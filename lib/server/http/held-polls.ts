/**
 * Long-polls held open: `changes` and `all` requests with nothing to say yet subscribe to their
 * bucket (see `domain/subscribers.ts`) until a committed change gives them an answer, their
 * window passes (then they get `[]`), the client goes away, or the server closes.
 */
import type { ServerResponse } from 'node:http';
import { HttpFailure } from '../domain/failure';
import type { CommittedChange, Subscribers } from '../domain/subscribers';
import { sendFailure, sendJsonText, sendText } from './http-util';

/**
 * Turns changes just committed, that the poll's user may see, into the texts of its answer, or
 * `undefined` to keep waiting. Throws an `HttpFailure` to answer with it instead (the poll's
 * credentials are no longer valid).
 */
export type Answer = (changes: ReadonlyArray<CommittedChange>) => string[] | undefined;

/** What a poll waits on: its app and bucket, and the user whose view it follows. */
export interface PollTarget {
  readonly app: string;
  readonly bucket: string;
  /** Absent for the admin feed. */
  readonly user?: string;
}

export class HeldPolls {
  /** Each held response with the function that answers it `[]` at once. */
  private readonly open = new Map<ServerResponse, () => void>();

  constructor(
    private readonly subscribers: Subscribers,
    private readonly windowMs: number,
  ) {}

  /** How many requests are held right now. */
  get count(): number {
    return this.open.size;
  }

  /**
   * Holds `res` until `answer` gives texts for changes committed to the bucket, or the window
   * passes (then `[]`). A client that disconnects is released at once.
   */
  hold(res: ServerResponse, target: PollTarget, answer: Answer): void {
    const timer = setTimeout(() => {
      release();
      sendJsonText(res, 200, '[]');
    }, this.windowMs);
    const release = (): void => {
      clearTimeout(timer);
      unsubscribe();
      this.open.delete(res);
    };
    const closeNow = (): void => {
      release();
      sendJsonText(res, 200, '[]', { Connection: 'close' });
    };
    const unsubscribe = this.subscribers.subscribe(target.app, target.bucket, {
      ...(target.user === undefined ? {} : { user: target.user }),
      offer: (changes) => {
        let texts: string[] | undefined;
        try {
          texts = answer(changes);
        } catch (err) {
          release();
          if (err instanceof HttpFailure) sendFailure(res, err);
          else sendText(res, 500, 'internal error');
          return true;
        }
        if (texts === undefined || texts.length === 0) return false;
        release();
        sendJsonText(res, 200, `[${texts.join(',')}]`);
        return true;
      },
    });
    this.open.set(res, closeNow);
    res.on('close', release);
  }

  /** Answers every held request with `[]` and `Connection: close`; resolves once written. */
  async closeAll(): Promise<void> {
    const pending: Array<Promise<void>> = [];
    for (const [res, closeNow] of [...this.open]) {
      pending.push(new Promise((resolve) => res.once('close', () => resolve())));
      closeNow();
    }
    await Promise.all(pending);
  }
}
