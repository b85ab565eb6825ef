/**
 * Starts the local Simperium-compatible server: both the auth API and the data API on one
 * port, over one SQLite database.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerState } from './http/exchange';
import { Feeds } from './http/feeds';
import { handleRequest } from './http/handler';
import { isAppId } from './http/router';
import { openStorage, type Storage } from './storage';
import type { AppCredentials, RunningServer, ServerOptions } from './types';

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  database: ':memory:',
  maxBodyBytes: 8 * 1024 * 1024,
  pollWindowMs: 25_000,
  cors: true,
} as const;

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
  const storage = openStorage(options.database ?? DEFAULTS.database);
  let apps: AppCredentials[];
  try {
    apps = ensureApps(storage, options.apps);
  } catch (err) {
    storage.close();
    throw err;
  }
  const feeds = new Feeds();
  const state: ServerState = {
    storage,
    feeds,
    pollWindowMs: options.pollWindowMs ?? DEFAULTS.pollWindowMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    cors: options.cors ?? DEFAULTS.cors,
  };
  const server = createServer((req, res) => void handleRequest(state, req, res, options.log));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
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
    storage.close();
    throw err;
  }
  // Once listening, a failed accept (e.g. out of file descriptors) only loses that connection.
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await feeds.closeAll();
    server.closeAllConnections();
    await stopped;
    storage.close();
  };
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    apps,
    close: () => (closing ??= close()),
    stats: () => ({ heldPolls: feeds.heldCount }),
  };
};
