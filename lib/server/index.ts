/**
 * A local Simperium-compatible HTTP server on SQLite, for development, tests, examples and
 * offline demos. Also runnable as `simperium-rx-server` (see `cli.ts`).
 *
 * @since 0.1.0
 * @module simperium-rx/server
 */
export { startServer } from './start-server';
export type { AppCredentials, RunningServer, ServerOptions, ServerStats } from './types';
