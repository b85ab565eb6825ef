/**
 * What a route handler works with: the server-wide state, the app the path names, the request
 * and its response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Feeds } from './feeds';
import type { Storage } from '../storage';
import type { AppCredentials } from '../types';

export interface ServerState {
  readonly storage: Storage;
  readonly feeds: Feeds;
  readonly pollWindowMs: number;
  readonly maxBodyBytes: number;
  /** Whether responses carry CORS headers and preflights are answered (see `cors.ts`). */
  readonly cors: boolean;
}

export interface Exchange {
  readonly state: ServerState;
  readonly app: AppCredentials;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** Reads the request body (at most `maxBodyBytes`, else a 413 `HttpFailure`). */
  body(): Promise<string>;
}
