/**
 * Starts the local Simperium-compatible server: the auth API, the data API and the streaming
 * endpoint on one port, over one SQLite database.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppRegistry } from './domain/apps';
import { Subscribers } from './domain/subscribers';
import type { ServerState } from './http/exchange';
import { handleRequest } from './http/handler';
import { HeldPolls } from './http/held-polls';
import { requestLog } from './http/request-log';
import { isAppId } from './domain/names';
import { checkInterval, limitSockets } from './http/socket-limits';
import { DEFAULTS, limitsOf } from './options';
import { openStorage, type Storage } from './storage';
import { SocketHolders } from './stream/context';
import { attachStreaming } from './stream/endpoint';
import type { AppCredentials, RunningServer, ServerOptions } from './types';

/** Registers the configured apps, or reuses the stored ones, or creates a demo app. */
const ensureApps = (
  storage: Storage,
  apps: ReadonlyArray<AppCredentials> | undefined,
): AppCredentials[] => {
  if (apps === undefined) {
    const stored = storage.apps.list();
    return stored.length > 0 ? stored : [storage.apps.createDemo()];
  }
  return apps.map((app) => {
    if (!isAppId(app.id.toLowerCase())) throw new Error(`invalid app id: ${app.id}`);
    if (app.apiKey === '' || app.adminKey === '') throw new Error(`empty key for app ${app.id}`);
    return storage.apps.upsert(app);
  });
};

const urlHost = (host: string): string => {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

/**
 * Opens the database, registers the apps and starts listening. Resolves once the server
 * accepts connections; rejects (with the database closed again) when the options are invalid
 * or the port cannot be bound.
 *
 * ## Example
 * ```ts
 * import { startServer } from 'simperium-rx/server';
 * const server = await startServer({ port: 0 });
 * const [app] = server.apps; // the demo app: id, apiKey, adminKey
 * // … talk to `${server.url}/1/${app.id}/…` …
 * await server.close();
 * ```
 */
export const startServer = async (options: ServerOptions = {}): Promise<RunningServer> => {
  const limits = limitsOf(options);
  const storage = openStorage(options.database ?? DEFAULTS.database);
  let apps: AppCredentials[];
  try {
    apps = ensureApps(storage, options.apps);
  } catch (err) {
    storage.close();
    throw err;
  }
  const subscribers = new Subscribers(storage);
  const polls = new HeldPolls(subscribers, limits.pollWindowMs);
  const state: ServerState = {
    storage,
    apps: new AppRegistry(storage),
    subscribers,
    polls,
    limits,
    cors: options.cors ?? DEFAULTS.cors,
  };
  const log = options.log && requestLog(options.log);
  const handle = (req: IncomingMessage, res: ServerResponse): void =>
    void handleRequest(state, req, res, log);
  const server = createServer({ connectionsCheckingInterval: checkInterval(limits) }, handle);
  const sockets = limitSockets(server, limits);
  const holders = new SocketHolders(limits.maxSocketsPerUser);
  const streams = attachStreaming(
    server,
    { storage, subscribers, limits, holders },
    state.apps,
    handle,
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const host = options.host ?? DEFAULTS.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULTS.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    sockets.stop();
    storage.close();
    throw err;
  }
  // Once listening, a failed accept (e.g. out of file descriptors) only loses that connection.
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([polls.closeAll(), streams.closeAll()]);
    server.closeAllConnections();
    await stopped;
    sockets.stop();
    storage.close();
  };
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    apps,
    close: () => (closing ??= close()),
    stats: () => ({
      heldPolls: polls.count,
      openSockets: sockets.count,
      streamingSockets: streams.sockets,
      streamingChannels: streams.channels,
    }),
  };
};
