#!/usr/bin/env node
/**
 * `simperium-rx-server`: runs the local Simperium-compatible server from the command line
 * (`--help` lists the options). Stops cleanly on SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE, parseCliArgs } from './cli-args';
import { startServer } from './start-server';

/** The package's version, from its package.json (two folders up from `lib/server` and `dist/server`). */
const version = (): string =>
  (
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

const main = async (): Promise<void> => {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (command.kind === 'version') {
    console.log(version());
    return;
  }
  if (command.kind === 'error') {
    console.error(`${command.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const log = command.quiet ? undefined : (line: string): void => console.log(line);
  const server = await startServer({ ...command.options, log });
  console.log(`simperium-rx server listening on ${server.url}`);
  if (command.printApps) {
    for (const app of server.apps) {
      console.log(`app id: ${app.id}\n  api key: ${app.apiKey}\n  admin key: ${app.adminKey}`);
      console.log(`  streaming: ${server.url.replace(/^http/, 'ws')}/sock/1/${app.id}/websocket`);
    }
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(
      () => console.log('server closed'),
      (err: unknown) => {
        console.error(`closing failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
