/**
 * The text grammar of Simperium's streaming protocol. A message is either connection traffic,
 * `h:<n>` (a heartbeat) or `log:<…>` (remote logging), or channel traffic,
 * `<channel>:<command>:<payload>`: the text up to the first `:` is a channel number when it is a
 * decimal integer, a connection command otherwise; the text up to the next `:` is the command
 * (all of it when there is no other `:`); the payload, the rest, may hold `:` and newlines.
 */
import { channelFrame, parseFrame } from '../../socket/frames';

/** One message a client sent. */
export type Inbound =
  /** `h:<n>`: answered `h:<n + 1>`; a count that is not a whole number counts as 0. */
  | { readonly kind: 'heartbeat'; readonly count: number }
  /** `log:<…>`: remote logging, ignored. */
  | { readonly kind: 'log' }
  | {
      readonly kind: 'channel';
      readonly channel: number;
      readonly command: string;
      readonly payload: string;
    }
  /** Anything else: the text names no channel and no connection command. */
  | { readonly kind: 'invalid'; readonly reason: string };

/** Heartbeat counts: whole numbers that stay exact once incremented. */
const COUNT = /^\d{1,15}$/;

/** Reads one message (see the module comment for the grammar; framing is the client's own). */
export const parseInbound = (text: string): Inbound => {
  if (!text.includes(':')) return { kind: 'invalid', reason: 'malformed message: no ":"' };
  const frame = parseFrame(text);
  if (frame.kind === 'channel') return frame;
  if (frame.command === 'h') {
    return { kind: 'heartbeat', count: COUNT.test(frame.payload) ? Number(frame.payload) : 0 };
  }
  if (frame.command === 'log') return { kind: 'log' };
  return {
    kind: 'invalid',
    reason: `malformed message: unknown command ${JSON.stringify(frame.command.slice(0, 32))}`,
  };
};

/** The answer to a heartbeat: `h:<count + 1>`. */
export const heartbeatAnswer = (count: number): string => `h:${count + 1}`;

/** A channel message: `<channel>:<command>:<payload>`. */
export const channelMessage = channelFrame;

/** The answer to a command the channel cannot run (not initialised, unknown, malformed): `<channel>:?`. */
export const commandError = (channel: number): string => `${channel}:?`;
