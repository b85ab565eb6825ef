/**
 * Long-polls held from a child process, so that answering thousands of them costs the process
 * that measures nothing: the parent asks the child to send `count` polls of `changes` after a cv,
 * then asks how many were answered. Run as a module, this file is that child.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';

type Message = { hold: { url: string; token: string; count: number } } | 'answered' | 'exit';

export interface Pollers {
  /** Sends `count` polls to `url` (a `changes` URL with its cv) with `token`. */
  hold(url: string, token: string, count: number): void;
  /** How many polls were answered so far. */
  answered(): Promise<number>;
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
    answered: () => {
      const answer = queue.then(async () => {
        proc.send('answered' satisfies Message);
        return ((await once(proc, 'message')) as [number])[0];
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
  process.on('message', (message: Message) => {
    if (message === 'exit') process.exit(0);
    if (message === 'answered') {
      process.send?.(answered);
      return;
    }
    const { url, token, count } = message.hold;
    for (let i = 0; i < count; i += 1) {
      request(url, { agent, headers: { 'X-Simperium-Token': token } }, (res) => {
        res.resume();
        res.on('end', () => (answered += 1));
      })
        .on('error', () => undefined)
        .end();
    }
  });
};

if (require.main === module) child();
