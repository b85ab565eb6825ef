/**
 * The server's options with their defaults: every limit, checked to be a positive whole number.
 */
import type { RequestLimits } from './http/exchange';
import type { SocketLimits } from './http/socket-limits';
import type { StreamLimits } from './stream/context';
import type { ServerOptions } from './types';

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
  maxSocketMessageBytes: 8 * MiB,
  maxChannelsPerSocket: 100,
  maxSocketsPerUser: 50,
  socketPingIntervalMs: 30_000,
  socketAuthTimeoutMs: 30_000,
  cors: true,
} as const;

/** Every limit the server applies, HTTP and streaming. */
export type Limits = RequestLimits & SocketLimits & StreamLimits;

/** The limits with their defaults; throws for one that is not a positive whole number. */
export const limitsOf = (options: ServerOptions): Limits => {
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
    maxSocketMessageBytes: options.maxSocketMessageBytes ?? DEFAULTS.maxSocketMessageBytes,
    maxChannelsPerSocket: options.maxChannelsPerSocket ?? DEFAULTS.maxChannelsPerSocket,
    maxSocketsPerUser: options.maxSocketsPerUser ?? DEFAULTS.maxSocketsPerUser,
    socketPingIntervalMs: options.socketPingIntervalMs ?? DEFAULTS.socketPingIntervalMs,
    socketAuthTimeoutMs: options.socketAuthTimeoutMs ?? DEFAULTS.socketAuthTimeoutMs,
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
