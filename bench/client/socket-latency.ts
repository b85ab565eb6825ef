/**
 * Streaming latency: the time from one client making a write to another client's feed emitting
 * its change, when both use the streaming transport (`transport: 'websocket'`: `post$` sent as a
 * change on one socket, `changes$` pushed on another), against:
 *
 * - both over HTTP (`post$` as a request, `changes$` by long polls), given its best case: each
 *   write waits until the server holds the reader's poll (target: at most 0.6× its median);
 * - bare `ws` clients of the streaming protocol, one sending the same change as a `c:` message on
 *   an authenticated channel, the other reading `c:` messages with `JSON.parse` alone (target:
 *   at most 1.5× their median).
 *
 * Each block starts its reader from the bucket's newest cv and makes one untimed write first, so
 * both sides are connected before timing; then each sample writes one new object and times until
 * the reader hands over its change (and the writer has its answer). The kinds of block take turns.
 */
import { firstValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { Api } from '../../lib';
import type { ClientSetup } from '../support/client-setup';
import { currentCv } from '../support/client-setup';
import { clientFeed, type Feed, type SeenChange } from '../support/feeds';
import { APP } from '../support/local-app';
import { note, Note } from '../support/seed';
import { median, now, quantile, rotated } from '../support/stats';
import { latencyRow, type Row } from '../support/table';

const BUCKET = 'streaming';
let written = 0;

/** A writer: makes one new object, resolving once it is answered. */
interface Writer {
  write(id: string, data: Note): Promise<void>;
  close(): void;
}

/** A bare socket on the streaming endpoint, authenticated on channel 0 for `BUCKET`. */
const rawChannel = (
  setup: ClientSetup,
  clientid: string,
  onMessage: (command: string, payload: string) => void,
): WebSocket => {
  const ws = new WebSocket(`${setup.server.url.replace(/^http/, 'ws')}/sock/1/${APP.id}/websocket`);
  const init = { name: BUCKET, clientid, api: '1.1', token: setup.token, app_id: APP.id };
  ws.on('open', () => ws.send(`0:init:${JSON.stringify(init)}`));
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    const at = text.indexOf(':', 2);
    if (text.startsWith('0:')) onMessage(text.slice(2, at), text.slice(at + 1));
  });
  return ws;
};

/** The bare reader: resumes from `cv` and reads each `c:` message with `JSON.parse`. */
const rawFeed =
  (setup: ClientSetup): Feed =>
  (cv, onChange, onError) => {
    const ws = rawChannel(setup, 'raw-reader', (command, payload) => {
      if (command === 'auth') ws.send(`0:cv:${cv}`);
      else if (command === 'c') for (const c of JSON.parse(payload) as SeenChange[]) onChange(c);
      else if (command === 'cv') onError(new Error('the server does not know the cv'));
    });
    ws.on('error', onError);
    return () => ws.terminate();
  };

/** The bare writer: sends each write as a `c:` change, answered by its acknowledgement. */
const rawWriter = (setup: ClientSetup): Writer => {
  const waiting = new Map<string, () => void>();
  const queued: string[] = [];
  let authed = false;
  const ws = rawChannel(setup, 'raw-writer', (command, payload) => {
    if (command === 'auth') {
      authed = true;
      for (const change of queued.splice(0)) ws.send(`0:c:${change}`);
    } else if (command === 'c') {
      for (const { ccids = [] } of JSON.parse(payload) as { ccids?: string[] }[])
        for (const ccid of ccids) waiting.get(ccid)?.();
    }
  });
  return {
    write: (id, data) =>
      new Promise<void>((resolve) => {
        waiting.set(id, resolve);
        const v = Object.fromEntries(Object.entries(data).map(([k, x]) => [k, { o: '+', v: x }]));
        const change = JSON.stringify({ o: 'M', id, ccid: id, v });
        if (authed) ws.send(`0:c:${change}`);
        else queued.push(change);
      }),
    close: () => ws.terminate(),
  };
};

/** A writer through the client (`post$`), over the transport its `Api` uses. */
const clientWriter = (api: Api): Writer => ({
  write: async (id, data) => {
    await firstValueFrom(api.bucket(BUCKET, Note).post$(id, data, { ccid: id }));
  },
  close: () => undefined,
});

/**
 * One block: start `feed` and `writer`, wait for one untimed write to come through, then take
 * `samples` timings; `ready` waits, before each, for what the reader needs (a held poll), and
 * `released`, after the reader stops, for the server to let go of it.
 */
const block = async (
  setup: ClientSetup,
  kind: {
    feed: Feed;
    writer: () => Writer;
    ready: () => Promise<void>;
    released: () => Promise<void>;
  },
  samples: number,
): Promise<number[]> => {
  let expected: { id: string; seen: (at: number) => void } | undefined;
  let failed: (error: Error) => void = () => undefined;
  const stop = kind.feed(
    await currentCv(setup, BUCKET),
    (change) => {
      if (change.id !== expected?.id) return;
      expected.seen(now());
      expected = undefined;
    },
    (error) => failed(error),
  );
  const writer = kind.writer();
  const sample = async (): Promise<number> => {
    await kind.ready();
    const id = `sample${(written += 1)}`;
    const emitted = new Promise<number>((resolve, reject) => {
      expected = { id, seen: resolve };
      failed = reject;
    });
    const start = now();
    const [at] = await Promise.all([emitted, writer.write(id, note(written))]);
    return at - start;
  };
  const timings: number[] = [];
  try {
    await sample();
    for (let i = 0; i < samples; i += 1) timings.push(await sample());
  } finally {
    stop();
    writer.close();
    await kind.released();
  }
  return timings;
};

/** The targets: the socket's median against HTTP's, and against the bare socket clients'. */
const AGAINST_HTTP = 0.6;
const AGAINST_RAW = 1.5;

/**
 * Measures write-to-emission latency between two clients; resolves with three rows: the median
 * over the socket against over HTTP (target ≤ 0.6×), the median against bare `ws` clients
 * (target ≤ 1.5×), and the 99th percentile against them (reported only).
 */
export const socketLatency = async (
  setup: ClientSetup,
  options: { readonly rounds?: number; readonly samples?: number } = {},
): Promise<Row[]> => {
  const samples = options.samples ?? 10;
  const streaming = (clientId: string): Api =>
    new Api(APP.id, setup.token, { baseUrl: setup.server.url, clientId, transport: 'websocket' });
  const reader = streaming('rx-bench-reader');
  const writer = streaming('rx-bench-writer');
  const httpWriter = new Api(APP.id, setup.token, {
    baseUrl: setup.server.url,
    clientId: 'rx-bench-http-writer',
  });
  const none = async (): Promise<void> => undefined;
  const [http = [], raw = [], socket = []] = await rotated(options.rounds ?? 30, [
    () =>
      block(
        setup,
        {
          feed: clientFeed(setup.api.bucket(BUCKET, Note)),
          writer: () => clientWriter(httpWriter),
          ready: () => setup.server.whenHeld((n) => n >= 1),
          released: () => setup.server.whenHeld((n) => n === 0),
        },
        samples,
      ),
    () =>
      block(
        setup,
        { feed: rawFeed(setup), writer: () => rawWriter(setup), ready: none, released: none },
        samples,
      ),
    () =>
      block(
        setup,
        {
          feed: clientFeed(reader.bucket(BUCKET, Note)),
          writer: () => clientWriter(writer),
          ready: none,
          released: none,
        },
        samples,
      ),
  ]);
  const subject = socket.flat();
  const row = (
    against: string,
    runs: ReadonlyArray<ReadonlyArray<number>>,
    label: string,
    stat: (xs: ReadonlyArray<number>) => number,
    target?: number,
  ): Row =>
    latencyRow(
      `streaming latency, one client's write → another's emission, post$ and changes$ over sockets against ${against}, ${label}`,
      { baseline: runs.flat(), subject },
      stat,
      target,
    );
  return [
    row('both over HTTP (each write once the poll is held)', http, 'median', median, AGAINST_HTTP),
    row('bare ws clients sending and reading the same change', raw, 'median', median, AGAINST_RAW),
    row('bare ws clients', raw, 'p99', (xs) => quantile(xs, 0.99)),
  ];
};
