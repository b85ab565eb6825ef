/**
 * Starts the local Simperium-compatible server: both the auth API and the data API on one
 * port, over one SQLite database.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppRegistry } from './domain/apps';
import { Subscribers } from './domain/subscribers';
import type { RequestLimits, ServerState } from './http/exchange';
import { handleRequest } from './http/handler';
import { HeldPolls } from './http/held-polls';
import { requestLog } from './http/request-log';
import { isAppId } from './domain/names';
import { checkInterval, limitSockets, type SocketLimits } from './http/socket-limits';
import { openStorage, type Storage } from './storage';
import type { AppCredentials, RunningServer, ServerOptions } from './types';

const MiB = 1024 * 1024;

/** Every option's default (see `ServerOptions`). */
export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  database: ':memory:',
  maxBodyBytes: 8 * MiB,
  maxAnswerBytes: 4 * MiB,
  maxBulkChanges: 1_000,
  maxHeldPollsPerUser: 100,
  maxConnections: 4_096,
  pollWindowMs: 25_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  sendTimeoutMs: 30_000,
  cors: true,
} as const;

type Limits = RequestLimits & SocketLimits;

/** The limits with their defaults; throws for one that is not a positive whole number. */
const limitsOf = (options: ServerOptions): Limits => {
  const limits: Limits = {
    pollWindowMs: options.pollWindowMs ?? DEFAULTS.pollWindowMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    maxAnswerBytes: options.maxAnswerBytes ?? DEFAULTS.maxAnswerBytes,
    maxBulkChanges: options.maxBulkChanges ?? DEFAULTS.maxBulkChanges,
    maxHeldPollsPerUser: options.maxHeldPollsPerUser ?? DEFAULTS.maxHeldPollsPerUser,
    maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    sendTimeoutMs: options.sendTimeoutMs ?? DEFAULTS.sendTimeoutMs,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${name} must be a positive whole number, got ${String(value)}`);
    }
  }
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new Error('requestTimeoutMs must be at least headersTimeoutMs');
  }
  return limits;
};

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
  const server = createServer(
    { connectionsCheckingInterval: checkInterval(limits) },
    (req, res) => void handleRequest(state, req, res, log),
  );
  const sockets = limitSockets(server, limits);
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
    await polls.closeAll();
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
    stats: () => ({ heldPolls: polls.count, openSockets: sockets.count }),
  };
};
