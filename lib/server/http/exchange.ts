/**
 * What a route handler works with: the server-wide state, the app the path names, the request
 * and its response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRegistry, KnownApp } from '../domain/apps';
import type { Subscribers } from '../domain/subscribers';
import type { Storage } from '../storage';
import type { HeldPolls } from './held-polls';

/** The limits requests are held to (see `ServerOptions` for each one's meaning and default). */
export interface RequestLimits {
  readonly pollWindowMs: number;
  readonly maxBodyBytes: number;
  readonly maxAnswerBytes: number;
  readonly maxBulkChanges: number;
  readonly maxHeldPollsPerUser: number;
}

export interface ServerState {
  readonly storage: Storage;
  readonly apps: AppRegistry;
  /** Who waits for the changes of each bucket. */
  readonly subscribers: Subscribers;
  readonly polls: HeldPolls;
  readonly limits: RequestLimits;
  /** Whether responses carry CORS headers and preflights are answered (see `cors.ts`). */
  readonly cors: boolean;
}

export interface Exchange {
  readonly state: ServerState;
  readonly app: KnownApp;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** Reads the request body (at most `maxBodyBytes`, else a 413 `HttpFailure`). */
  body(): Promise<string>;
}
