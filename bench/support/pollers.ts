/**
 * Long-polls held from a child process, so that answering thousands of them costs the process
 * that measures nothing: the parent asks the child to send `count` polls of `changes` after a cv,
 * then asks how many have ended, answered or failed. Run as a module, this file is that child.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';

type Message = { hold: { url: string; token: string; count: number } } | 'ended' | 'exit';

/** How many polls have ended so far: answered, or failed (an error on the request). */
export interface Ended {
  readonly answered: number;
  readonly failed: number;
}

export interface Pollers {
  /** Sends `count` polls to `url` (a `changes` URL with its cv) with `token`. */
  hold(url: string, token: string, count: number): void;
  /** How many polls have ended so far. A failed poll ends too, so a waiting parent never hangs. */
  ended(): Promise<Ended>;
  /** Ends the child process. */
  close(): Promise<void>;
}

/** Starts the child process. */
export const forkPollers = (): Pollers => {
  const proc = fork(__filename, [], { execArgv: process.execArgv });
  const exited = once(proc, 'exit');
  let queue: Promise<unknown> = Promise.resolve();
  return {
    hold: (url, token, count) => proc.send({ hold: { url, token, count } } satisfies Message),
    ended: () => {
      const answer = queue.then(async () => {
        proc.send('ended' satisfies Message);
        return ((await once(proc, 'message')) as [Ended])[0];
      });
      queue = answer.catch(() => undefined);
      return answer;
    },
    close: async () => {
      proc.send('exit' satisfies Message);
      await exited;
    },
  };
};

const child = (): void => {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  let answered = 0;
  let failed = 0;
  process.on('message', (message: Message) => {
    if (message === 'exit') process.exit(0);
    if (message === 'ended') {
      process.send?.({ answered, failed } satisfies Ended);
      return;
    }
    const { url, token, count } = message.hold;
    for (let i = 0; i < count; i += 1) {
      let done = false;
      const end = (ok: boolean): void => {
        if (done) return;
        done = true;
        if (ok) answered += 1;
        else failed += 1;
      };
      request(url, { agent, headers: { 'X-Simperium-Token': token } }, (res) => {
        res.resume();
        res.on('end', () => end(res.statusCode === 200));
        res.on('error', () => end(false));
      })
        .on('error', () => end(false))
        .end();
    }
  });
};

if (require.main === module) child();
