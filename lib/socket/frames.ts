/**
 * The framing of Simperium's streaming protocol: every message is one text frame,
 * `<channel>:<command>:<payload>` for a bucket's channel, or `<command>:<payload>` for the
 * connection itself (`h:<n>` heartbeats). A payload may hold `:` and newlines.
 *
 * @since 0.1.0
 */
import { VERSION } from '../version.js';

/** A message from the server, as far as framing tells. */
export type Inbound =
  | {
      readonly kind: 'channel';
      readonly channel: number;
      readonly command: string;
      readonly payload: string;
    }
  | { readonly kind: 'connection'; readonly command: string; readonly payload: string };

const CHANNEL = /^\d{1,9}$/;

/** Splits `text` at its first `:`; the rest is `''` when there is none. */
const cut = (text: string): [string, string] => {
  const at = text.indexOf(':');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
};

/** Reads a frame: a channel's message when it starts with a channel number, else the connection's. */
export const parseFrame = (text: string): Inbound => {
  const [head, rest] = cut(text);
  if (!CHANNEL.test(head)) return { kind: 'connection', command: head, payload: rest };
  const [command, payload] = cut(rest);
  return { kind: 'channel', channel: Number(head), command, payload };
};

/** A channel's message. */
export const channelFrame = (channel: number, command: string, payload: string): string =>
  `${channel}:${command}:${payload}`;

/** The JSON in `text`, or `undefined` when it is not JSON (a username, say). */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Who a channel's `init` names: its bucket, the client, and the credentials. */
export interface InitFields {
  readonly bucket: string;
  readonly clientid: string;
  readonly token: string;
  readonly appId: string;
}

/** The payload of a channel's `init`. */
export const initPayload = ({ bucket, clientid, token, appId }: InitFields): string =>
  JSON.stringify({
    name: bucket,
    clientid,
    api: '1.1',
    token,
    app_id: appId,
    library: 'simperium-rx',
    version: VERSION,
  });
