/**
 * The streaming endpoint, `GET /sock/1/{appId}/websocket`, on the HTTP server's own port: it takes
 * the server's `upgrade` requests (the app id case-insensitive; text frames, no subprotocol, no
 * compression), runs a session per socket (see `connection.ts`), pings every socket each interval
 * and drops one that stayed silent through a whole interval. An upgrade request for any other
 * path is served as an ordinary request when it has no body.
 */
import { STATUS_CODES, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { AppRegistry } from '../domain/apps';
import { isAppId } from '../domain/names';
import { StreamConnection } from './connection';
import type { StreamContext } from './context';
import { MISSING_WS, loadWs } from './load-ws';
import { CLOSE, wsSocket } from './socket';

/** The endpoint's sockets, and how to close them. */
export interface StreamEndpoint {
  /** Sockets open right now. */
  readonly sockets: number;
  /** Channels open right now, across sockets. */
  readonly channels: number;
  /** Refuses further upgrades, closes every socket (1001); resolves once they are closed. */
  closeAll(): Promise<void>;
}

const PATH = /^\/sock\/1\/([^/?]+)\/websocket\/?(?:\?.*)?$/;

/** Answers an upgrade request with a plain HTTP status and closes the connection. */
const refuse = (socket: Duplex, status: number, message: string): void => {
  const body = Buffer.from(message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=UTF-8\r\nContent-Length: ${body.length}\r\n\r\n${message}`,
  );
};

/** Serves an upgrade request for another path as an ordinary request (one without a body). */
const serveAsRequest = (
  req: IncomingMessage,
  socket: Duplex,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): void => {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) {
    return refuse(socket, 400, 'a request with a body cannot ask for an upgrade');
  }
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
  res.on('finish', () => socket.end());
  handle(req, res);
};

/**
 * Takes `server`'s upgrade requests: `/sock/1/{appId}/websocket` for an app the registry knows
 * becomes a socket (a 404 for an unknown app, a 501 when `ws` is not installed, a 503 once
 * closing); other paths go to `handle`.
 */
export const attachStreaming = (
  server: Server,
  ctx: StreamContext,
  apps: AppRegistry,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): StreamEndpoint => {
  const ws = loadWs();
  const wss =
    ws &&
    new ws.WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: ctx.limits.maxSocketMessageBytes,
      // The official clients ask for no subprotocol, and must be answered none.
      handleProtocols: () => false,
    });
  const open = new Map<WebSocket, StreamConnection>();
  let closing = false;

  const start = (client: WebSocket, app: NonNullable<ReturnType<AppRegistry['find']>>): void => {
    const connection = new StreamConnection(ctx, app, wsSocket(client));
    open.set(client, connection);
    client.on('message', (data, isBinary) => {
      if (isBinary) connection.end(CLOSE.unsupportedData, 'text frames only');
      else connection.receive(data.toString());
    });
    client.on('pong', () => connection.pong());
    client.on('error', () => undefined);
    client.once('close', () => {
      open.delete(client);
      connection.closed();
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const match = PATH.exec(req.url ?? '/');
    if (match === null) return serveAsRequest(req, socket, handle);
    const appId = (match[1] ?? '').toLowerCase();
    const app = isAppId(appId) ? apps.find(appId) : undefined;
    if (app === undefined) return refuse(socket, 404, 'unknown app');
    if (closing) return refuse(socket, 503, 'server closing');
    if (wss === undefined) return refuse(socket, 501, MISSING_WS);
    wss.handleUpgrade(req, socket, head, (client) => start(client, app));
  });

  const pinger = setInterval(() => {
    for (const connection of open.values()) connection.beat();
  }, ctx.limits.socketPingIntervalMs);
  pinger.unref();

  return {
    get sockets() {
      return open.size;
    },
    get channels() {
      let count = 0;
      for (const connection of open.values()) count += connection.channelCount;
      return count;
    },
    closeAll: async () => {
      closing = true;
      clearInterval(pinger);
      const closed = [...open.keys()].map(
        (client) => new Promise<void>((resolve) => client.once('close', () => resolve())),
      );
      for (const [client, connection] of open) {
        connection.end(CLOSE.goingAway, 'server closing');
        // A peer that does not answer the close within a second is dropped.
        setTimeout(() => client.terminate(), 1_000).unref();
      }
      await Promise.all(closed);
    },
  };
};
