/**
 * The local server in a child process, so that its work and memory are apart from the client
 * being measured: the parent starts it, asks it for its held long-polls and memory over IPC, has
 * it write as another client would (over HTTP, from the child), and closes it. Run as a module,
 * this file is that child.
 */
import './build';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { startServer, type RunningServer, type ServerOptions } from '../../lib/server';
import { now } from './stats';

/** What the child reports: its URL, long-polls held and memory (bytes). */
export interface ServerReport {
  readonly url: string;
  readonly held: number;
  /** Connections open on the server. */
  readonly sockets: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/** The server's options that can cross the process boundary (no log callback). */
export type ChildServerOptions = Omit<ServerOptions, 'log'>;

/** A write the child makes over HTTP to its own server: `POST {path}` with `body` as JSON. */
export interface ChildWrite {
  /** The path after the server's URL, e.g. `/1/{app}/{bucket}/i/{id}?clientid=…&ccid=…`. */
  readonly path: string;
  /** Sent in `X-Simperium-Token`. */
  readonly token: string;
  readonly body: unknown;
}

/** What the child answers to a write: when it sent it, on the shared monotonic clock. */
export interface WriteReport extends ServerReport {
  /** `process.hrtime` in milliseconds just before the request left (see {@link ServerProcess.write}). */
  readonly sentAt: number;
}

type Request = { start: ChildServerOptions } | { write: ChildWrite } | 'stats' | 'memory' | 'close';

export interface ServerProcess {
  readonly url: string;
  /** The child's report, as it stands. */
  stats(): Promise<ServerReport>;
  /** The child's report after a forced garbage collection. */
  memory(): Promise<ServerReport>;
  /**
   * Makes `write` from the child, as another client of the server; resolves once it was answered
   * 200, with the time it was sent, in milliseconds of `now()` (`process.hrtime`). Both processes
   * read the same monotonic clock (`CLOCK_MONOTONIC` on Linux), so the time is comparable with
   * one taken here.
   */
  write(write: ChildWrite): Promise<number>;
  /** Resolves once `test(held long-polls)` holds, asking again after each answer. */
  whenHeld(test: (held: number) => boolean): Promise<void>;
  /** Closes the server and waits for the child to exit. */
  close(): Promise<void>;
}

/** Starts the local server with `options` in a child process (which may force GC). */
export const forkServer = async (options: ChildServerOptions): Promise<ServerProcess> => {
  const proc = fork(__filename, [], { execArgv: [...process.execArgv, '--expose-gc'] });
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <R extends ServerReport = ServerReport>(request: Request): Promise<R> => {
    const answer = queue.then(async () => {
      proc.send(request);
      const [reply] = (await once(proc, 'message')) as [R | { error: string }];
      if ('error' in reply) throw new Error(reply.error);
      return reply;
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
  const exited = once(proc, 'exit');
  const { url } = await Promise.race([
    ask({ start: options }),
    exited.then((): never => {
      throw new Error('the server process exited before listening');
    }),
  ]);
  return {
    url,
    stats: () => ask('stats'),
    memory: () => ask('memory'),
    write: async (write) => (await ask<WriteReport>({ write })).sentAt,
    whenHeld: async (test) => {
      while (!test((await ask('stats')).held));
    },
    close: async () => {
      proc.send('close');
      await exited;
    },
  };
};

/** In the child: start the server on the first message, then answer each request. */
const child = (): void => {
  let server: RunningServer | undefined;
  const report = (): ServerReport => {
    const { rss, heapUsed } = process.memoryUsage();
    const stats = server?.stats();
    return {
      url: server?.url ?? '',
      held: stats?.heldPolls ?? 0,
      sockets: stats?.openSockets ?? 0,
      rss,
      heapUsed,
    };
  };
  process.on('message', (request: Request) => {
    if (typeof request === 'object' && 'write' in request) {
      const { path, token, body } = request.write;
      const sentAt = now();
      fetch(`${server?.url ?? ''}${path}`, {
        method: 'POST',
        headers: { 'X-Simperium-Token': token },
        body: JSON.stringify(body),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`POST ${path.split('?')[0]}: HTTP ${res.status}`);
          process.send?.({ ...report(), sentAt });
        })
        .catch((err: unknown) => process.send?.({ error: String(err) }));
    } else if (typeof request === 'object') {
      startServer(request.start).then(
        (started) => {
          server = started;
          process.send?.(report());
        },
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    } else if (request === 'close') {
      void (server?.close() ?? Promise.resolve()).then(() => process.exit(0));
    } else {
      if (request === 'memory') (globalThis as { gc?: () => void }).gc?.();
      process.send?.(report());
    }
  });
};

if (require.main === module) child();
