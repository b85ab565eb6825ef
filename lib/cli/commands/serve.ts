/**
 * `simperium-rx serve`, also run as `simperium-rx-server`: the local Simperium-compatible
 * server, with the flags of `lib/server/cli-args.ts`. Stops cleanly when asked to (SIGINT,
 * SIGTERM).
 */
import { parseCliArgs, serveUsage } from '../../server/cli-args';
import { startServer } from '../../server/start-server';
import type { RunningServer } from '../../server/types';
import { badUsage, packageVersion, showHelp, type Command } from '../command.js';
import { aborted, EXIT, writeLine, type ExitCode, type Io } from '../io.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Prints where the server listens and, when asked, each app's keys. */
const announce = (server: RunningServer, printApps: boolean, io: Io): void => {
  writeLine(io.stdout, `simperium-rx server listening on ${server.url}`);
  if (!printApps) return;
  for (const app of server.apps) {
    writeLine(
      io.stdout,
      `app id: ${app.id}\n  api key: ${app.apiKey}\n  admin key: ${app.adminKey}\n` +
        `  streaming: ${server.url.replace(/^http/, 'ws')}/sock/1/${app.id}/websocket`,
    );
  }
};

/** Runs the server until `io.stop`, then closes it: 0 once closed, 1 if it cannot start or close. */
const runServer = async (argv: ReadonlyArray<string>, usage: string, io: Io): Promise<ExitCode> => {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') return showHelp(io, usage);
  if (command.kind === 'version') {
    writeLine(io.stdout, packageVersion());
    return EXIT.ok;
  }
  if (command.kind === 'error') return badUsage(io, command.message, usage);
  const log = command.quiet ? undefined : (line: string): void => writeLine(io.stdout, line);
  let server: RunningServer;
  try {
    server = await startServer({ ...command.options, log });
  } catch (err) {
    writeLine(io.stderr, message(err));
    return EXIT.failure;
  }
  announce(server, command.printApps, io);
  await aborted(io.stop);
  try {
    await server.close();
  } catch (err) {
    writeLine(io.stderr, `closing failed: ${message(err)}`);
    return EXIT.failure;
  }
  writeLine(io.stdout, 'server closed');
  return EXIT.ok;
};

/**
 * The `serve` command under the name it is run by: `simperium-rx serve` or
 * `simperium-rx-server` (its usage says which).
 */
export const serveCommand = (program: string): Command => {
  const usage = serveUsage(program);
  return {
    name: 'serve',
    summary: 'run the local Simperium-compatible server',
    usage,
    run: (argv, io) => runServer(argv, usage, io),
  };
};
