/**
 * The local server in a child process, so that its work and memory are apart from the client
 * being measured: the parent starts it, asks it for its held long-polls and memory over IPC, and
 * closes it. Run as a module, this file is that child.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { startServer, type RunningServer, type ServerOptions } from '../../lib/server';

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

type Request = { start: ChildServerOptions } | 'stats' | 'memory' | 'close';

export interface ServerProcess {
  readonly url: string;
  /** The child's report, as it stands. */
  stats(): Promise<ServerReport>;
  /** The child's report after a forced garbage collection. */
  memory(): Promise<ServerReport>;
  /** Resolves once `test(held long-polls)` holds, asking again after each answer. */
  whenHeld(test: (held: number) => boolean): Promise<void>;
  /** Closes the server and waits for the child to exit. */
  close(): Promise<void>;
}

/** Starts the local server with `options` in a child process (which may force GC). */
export const forkServer = async (options: ChildServerOptions): Promise<ServerProcess> => {
  const proc = fork(__filename, [], { execArgv: [...process.execArgv, '--expose-gc'] });
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (request: Request): Promise<ServerReport> => {
    const answer = queue.then(async () => {
      proc.send(request);
      return ((await once(proc, 'message')) as [ServerReport])[0];
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
    if (typeof request === 'object') {
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
