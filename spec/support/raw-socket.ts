/**
 * Requests written byte for byte on a TCP socket, for what `fetch` refuses or rewrites: dot
 * segments and raw escapes in the target, any method, header bytes above ASCII or invalid ones,
 * binary bodies. One request per connection (`Connection: close`): the server closes it after
 * answering.
 */
import { connect } from 'node:net';

export interface RawSocketRequest {
  /** Sent as is, even when it is not a valid method token. */
  readonly method: string;
  /** The request target exactly as sent, e.g. `/1/app/../x?%00`. */
  readonly target: string;
  /** Names and values are written as Latin-1 bytes; duplicates are sent as given. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** Sent with a `Content-Length` of its exact size. */
  readonly body?: Uint8Array;
}

export interface RawSocketAnswer {
  /** The answer's status, or `undefined` when the connection closed without one. */
  readonly status: number | undefined;
  /** The whole answer, head and body, as Latin-1. */
  readonly text: string;
}

/** The request's bytes: request line, `Host`, `Connection: close`, the headers, the body. */
export const requestBytes = (request: RawSocketRequest): Buffer => {
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...(request.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    ...(request.body === undefined ? [] : [`Content-Length: ${request.body.length}`]),
  ];
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return request.body === undefined ? head : Buffer.concat([head, request.body]);
};

/**
 * Sends one request to `127.0.0.1:port` and resolves with what came back once the connection
 * closes. A reset or broken pipe is not a failure by itself (the server may answer before
 * reading the whole body): the caller checks `status`, which is `undefined` when no answer came,
 * also when the server stays silent for `giveUpMs` (a guard, not a timing assertion).
 */
export const sendRaw = (
  port: number,
  request: RawSocketRequest,
  giveUpMs = 10_000,
): Promise<RawSocketAnswer> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(giveUpMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    });
    socket.write(requestBytes(request));
  });
