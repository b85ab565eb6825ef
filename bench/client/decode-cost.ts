/**
 * Decode cost per change, in process: `JSON.parse` of feed answers and the decoding of each
 * element as the feeds do it (`decodeValue` with the internal `changeDecoder`, the documents'
 * io-ts codec for `d`), against `JSON.parse` of the same answers alone; and, for comparison, the
 * same with the public `changeCodec` instead. The answers are fetched from the local server
 * once, beforehand; no HTTP is timed.
 */
import * as t from 'io-ts';
import { changeCodec } from '../../lib';
import { changeDecoder } from '../../lib/codecs/change';
import { decodeValue } from '../../lib/codecs/decode';
import * as LE from '../../lib/either';
import { ZERO_CV } from '../../lib/server/domain/cv';
import type { ClientSetup } from '../support/client-setup';
import { APP } from '../support/local-app';
import { Note } from '../support/seed';
import { fmt, median, now, rotated } from '../support/stats';
import { verdict, type Row } from '../support/table';

export interface DecodeCostOptions {
  /** The seeded bucket (it needs at least `answers × 100` changes). */
  readonly bucket: string;
  /** Answers of 100 changes to prepare from each feed (default 20). */
  readonly answers?: number;
  /** Timed passes over the answers per measurement (default 20: some 50 ms of work). */
  readonly passes?: number;
  /** Measurements of each kind (default 15). */
  readonly rounds?: number;
}

/** Up to `answers` raw answer bodies of `{path}?wait=0…&cv=…`, following each answer's last cv. */
const prepare = async (
  url: string,
  query: string,
  token: string,
  answers: number,
): Promise<string[]> => {
  const bodies: string[] = [];
  for (let cv = ZERO_CV; bodies.length < answers;) {
    const res = await fetch(`${url}?wait=0${query}&cv=${cv}`, {
      headers: { 'X-Simperium-Token': token },
    });
    const body = await res.text();
    const changes = JSON.parse(body) as Array<{ cv: string }>;
    const last = changes[changes.length - 1];
    if (res.status !== 200 || last === undefined) break;
    bodies.push(body);
    cv = last.cv;
  }
  return bodies;
};

/** What the feeds decode each element with (`lib/streams/feeds.ts`). */
const feedDecoder = changeDecoder(Note);
/** The public codec, for comparison. */
const publicCodec = changeCodec(Note);

/** The target: `JSON.parse` and the feed's decoding at most this multiple of `JSON.parse` alone. */
const TARGET = 1.6;

/** Microseconds per change for `passes` passes of `work` over `bodies`. */
const timed = (
  bodies: ReadonlyArray<string>,
  passes: number,
  work: (body: string) => number,
): number => {
  let changes = 0;
  const start = now();
  for (let pass = 0; pass < passes; pass += 1) {
    for (const body of bodies) changes += work(body);
  }
  return ((now() - start) * 1000) / changes;
};

const parseOnly = (body: string): number => (JSON.parse(body) as unknown[]).length;

/** `JSON.parse` of `body`, then each element decoded as the feeds decode it. */
const parseAndDecode = (body: string): number => {
  let decoded = 0;
  for (const raw of JSON.parse(body) as unknown[]) {
    if (LE.isLeft(decodeValue(feedDecoder, raw))) throw new Error('a change failed to decode');
    decoded += 1;
  }
  return decoded;
};

/** `JSON.parse` of `body`, then each element decoded with `codec.decode`. */
const parseAndDecodeWith =
  (codec: t.Decoder<unknown, unknown>) =>
  (body: string): number => {
    let decoded = 0;
    for (const raw of JSON.parse(body) as unknown[]) {
      if (codec.decode(raw)._tag === 'Left') throw new Error('a change failed to decode');
      decoded += 1;
    }
    return decoded;
  };

/**
 * Measures the decode cost; resolves with two rows per kind of answer: the user feed's changes
 * (`changes`, no document) and the admin feed's with each object's data (`all?data=1`, so the
 * document codec runs too). The first row of each decodes as the feeds do (target for `changes`
 * answers: at most 1.6× `JSON.parse` alone; `all?data=1` reported only, since its cost depends
 * on the application's document codec), the second with the public `changeCodec` (reported only).
 */
export const decodeCost = async (
  setup: ClientSetup,
  options: DecodeCostOptions,
): Promise<Row[]> => {
  const url = setup.bucketUrl(options.bucket);
  const answers = options.answers ?? 20;
  const passes = options.passes ?? 20;
  const kinds = [
    {
      label: '`changes` answers',
      bodies: await prepare(`${url}/changes`, '', setup.token, answers),
      target: TARGET,
    },
    {
      label: '`all?data=1` answers, with `d`',
      bodies: await prepare(`${url}/all`, '&data=1', APP.adminKey, answers),
      target: undefined,
    },
  ];
  const rows: Row[] = [];
  for (const { label, bodies, target } of kinds) {
    if (bodies.length === 0) throw new Error(`decode: no ${label} to decode`);
    const rounds = options.rounds ?? 15;
    // Each measurement is synchronous; the event loop turns between them, so the client's idle
    // keep-alive sockets see the server closing them.
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const [parsed = [], feed = [], codec = []] = await rotated(rounds, [
      async () => (await turn(), timed(bodies, passes, parseOnly)),
      async () => (await turn(), timed(bodies, passes, parseAndDecode)),
      async () => (await turn(), timed(bodies, passes, parseAndDecodeWith(publicCodec))),
    ]);
    const b = median(parsed);
    const count = bodies.reduce((n, body) => n + parseOnly(body), 0);
    const row = (what: string, runs: ReadonlyArray<number>, target?: number): Row => {
      const s = median(runs);
      return {
        measure: `decode per change, ${label}, ${what}, against JSON.parse alone (answers of 100, ${fmt(count)} changes × ${passes}, median of ${rounds})`,
        baseline: `${fmt(b, 2)} µs`,
        subject: `${fmt(s, 2)} µs`,
        ratio: `${fmt(s / b, 2)}×`,
        target: target === undefined ? '—' : `≤ ${fmt(target, 2)}×`,
        verdict: target === undefined ? '—' : verdict(s / b <= target),
      };
    };
    rows.push(
      row("JSON.parse + the feed's changeDecoder", feed, target),
      row('JSON.parse + the public changeCodec', codec),
    );
  }
  return rows;
};
