/**
 * The local server's public types: its options and the handle `startServer` resolves with.
 */

/** An application: its id and the two keys its users and administrators present. */
export interface AppCredentials {
  /** Application id (case-insensitive; kept in lower case). */
  readonly id: string;
  /** Key for the auth endpoints (`X-Simperium-API-Key` or the `client_id` field). */
  readonly apiKey: string;
  /** Key with admin rights: `reset_password`, `delete`, `all`, `buckets`, acting as a user. */
  readonly adminKey: string;
}

/** Options of `startServer`: every one has a default, so `startServer()` runs as is. */
export interface ServerOptions {
  /** TCP port; default 0 (any free port). */
  readonly port?: number;
  /** Interface to listen on; default `'127.0.0.1'`. */
  readonly host?: string;
  /**
   * `':memory:'` (default) or a file path. A file database runs in WAL mode and keeps users,
   * tokens, objects, every version and the change history across restarts.
   */
  readonly database?: string;
  /**
   * Applications to add to, or update in, the database. Apps stored by an earlier run on the same
   * database are served too, but `RunningServer.apps` lists only these. When absent, the apps
   * already in the database are served (and listed), or one demo app with random keys is created.
   */
  readonly apps?: ReadonlyArray<AppCredentials>;
  /** Largest accepted request body in bytes; default 8 MiB. Larger bodies get a 413. */
  readonly maxBodyBytes?: number;
  /**
   * Most bytes of JSON in one answer that carries data (`changes`, `all`, `index`, the bulk
   * results); default 4 MiB. An answer holds at least one item, so one larger object still goes
   * through, alone; the reader pages on from the last item as after a full page.
   */
  readonly maxAnswerBytes?: number;
  /** Most changes in one bulk request (`POST {bucket}/changes`); default 1,000. More get a 413. */
  readonly maxBulkChanges?: number;
  /**
   * Most `changes`/`all` requests one user (or the admin key) may have held at once in an app,
   * across buckets; default 100. Past it, a request with nothing to send is answered `[]` at once
   * instead of being held.
   */
  readonly maxHeldPollsPerUser?: number;
  /** Most connections open at once; default 4,096. Further connections are closed at once. */
  readonly maxConnections?: number;
  /** Time to receive a request's headers, in ms, from its connection or first byte; default 20,000. */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, body included, in ms; default 60,000. */
  readonly requestTimeoutMs?: number;
  /** How long a kept-alive connection may stay idle between requests, in ms; default 5,000. */
  readonly keepAliveTimeoutMs?: number;
  /**
   * How long an answer may make no write progress (a client that does not read it) before its
   * connection is closed, in ms; default 30,000. A held long-poll writes nothing while it waits,
   * and is never cut inside its window.
   */
  readonly sendTimeoutMs?: number;
  /**
   * How long `changes` and `all` hold a request open when there is nothing to send, in
   * milliseconds; default 25 000. When it passes they answer `[]`.
   */
  readonly pollWindowMs?: number;
  /**
   * Largest message a client may send over a streaming socket (`/sock/1/{app}/websocket`), in
   * bytes; default 8 MiB. A larger one closes the socket with code 1009.
   */
  readonly maxSocketMessageBytes?: number;
  /** Most channels (buckets followed) on one streaming socket; default 100. */
  readonly maxChannelsPerSocket?: number;
  /**
   * Most streaming sockets one user holds open at once in an app; default 50. A socket counts
   * for a user once one of its channels is authenticated as them.
   */
  readonly maxSocketsPerUser?: number;
  /**
   * How often the server pings each streaming socket, in ms; default 30,000. A socket from which
   * nothing (no message, no pong) arrived through a whole interval is dropped, so a client gone
   * without closing is noticed within two intervals.
   */
  readonly socketPingIntervalMs?: number;
  /**
   * How long a new streaming socket may take to authenticate its first channel, in ms; default
   * 30,000. It is then closed with code 1008.
   */
  readonly socketAuthTimeoutMs?: number;
  /**
   * Let browser pages from any origin call the server; default `true`. Every response carries
   * `Access-Control-Allow-Origin: *` and exposes `X-Simperium-Version` and `Retry-After`;
   * preflight `OPTIONS` requests get a 204. No credentials mode: auth is by custom headers.
   * `false` sends no CORS headers (an `OPTIONS` request then gets a 405, or a 404).
   */
  readonly cors?: boolean;
  /**
   * Receives one line per request: method, path (query values that look like secrets are
   * redacted), status and duration. Never headers or bodies.
   */
  readonly log?: (line: string) => void;
}

/** What `RunningServer.stats()` reports: a snapshot of the server's load. */
export interface ServerStats {
  /** Long-polls (`changes`/`all`) currently held open, waiting for a change. */
  readonly heldPolls: number;
  /** Connections open right now, idle or not (streaming sockets included). */
  readonly openSockets: number;
  /** Streaming sockets (`/sock/1/{app}/websocket`) open right now. */
  readonly streamingSockets: number;
  /** Channels open right now on the streaming sockets (each follows one bucket for one user). */
  readonly streamingChannels: number;
}

/** A started server, as `startServer` resolves it. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:52731` (both the auth and the data API live under it). */
  readonly url: string;
  /** The TCP port it listens on (the one chosen when `port` was 0). */
  readonly port: number;
  /**
   * The applications from `ServerOptions.apps`, or else the stored ones, or else the demo one,
   * with their keys. Apps stored by an earlier run are served even when `apps` leaves them out.
   */
  readonly apps: ReadonlyArray<AppCredentials>;
  /**
   * Answers held long-polls with `[]`, closes the streaming sockets (code 1001), stops listening,
   * closes connections and the database.
   */
  close(): Promise<void>;
  /** How many long-polls are held and connections open, now. */
  stats(): ServerStats;
}
