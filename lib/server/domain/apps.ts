/**
 * The applications a running server knows, looked up in memory: each with the SHA-256 of its two
 * keys, computed once, so that checking a caller's key or token costs one hash per request.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Storage } from '../storage';
import type { AppCredentials } from '../types';
import { sha256 } from './tokens';

/** An application with the hashes of its keys. */
export interface KnownApp extends AppCredentials {
  readonly apiKeyHash: Buffer;
  readonly adminKeyHash: Buffer;
}

/** Which of the app's keys a secret is, compared in constant time against their hashes. */
export const keyKind = (app: KnownApp, secretHash: Buffer): 'admin' | 'api' | undefined => {
  // Both comparisons always run, so the time does not tell which key matched.
  const admin = timingSafeEqual(secretHash, app.adminKeyHash);
  const api = timingSafeEqual(secretHash, app.apiKeyHash);
  if (admin) return 'admin';
  return api ? 'api' : undefined;
};

const known = (app: AppCredentials): KnownApp => ({
  ...app,
  apiKeyHash: sha256(app.apiKey),
  adminKeyHash: sha256(app.adminKey),
});

/**
 * The applications of a database, cached: the first lookup of an id reads the database, later
 * ones do not. Applications are only added or re-keyed by `startServer`, before it listens.
 */
export class AppRegistry {
  private readonly apps = new Map<string, KnownApp | undefined>();

  constructor(private readonly storage: Storage) {}

  /** The application `id` (lower case), or `undefined` when the database has none by that id. */
  find(id: string): KnownApp | undefined {
    if (this.apps.has(id)) return this.apps.get(id);
    const stored = this.storage.apps.find(id);
    const app = stored && known(stored);
    // Unknown ids are not remembered: a caller could fill the cache with them.
    if (app !== undefined) this.apps.set(id, app);
    return app;
  }
}
