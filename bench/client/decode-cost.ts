/**
 * Decode cost per change, in process: `JSON.parse` of feed answers and the change codec on each
 * element (with the documents' io-ts codec), against `JSON.parse` of the same answers alone.
 * The answers are fetched from the local server once, beforehand; no HTTP is timed.
 */
import * as E from 'fp-ts/Either';
import { changeCodec } from '../../lib';
import { ZERO_CV } from '../../lib/server/domain/cv';
import type { ClientSetup } from '../support/client-setup';
import { APP } from '../support/local-app';
import { Note } from '../support/seed';
import { fmt, interleaved, median, now } from '../support/stats';
import type { Row } from '../support/table';

export interface DecodeCostOptions {
  /** The seeded bucket (it needs at least `answers × 100` changes). */
  readonly bucket: string;
  /** Answers of 100 changes to prepare from each feed (default 20). */
  readonly answers?: number;
  /** Timed passes over the answers per measurement (default 5). */
  readonly passes?: number;
  /** Measurements of each kind (default 9). */
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

const codec = changeCodec(Note);

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

const parseAndDecode = (body: string): number => {
  let decoded = 0;
  for (const raw of JSON.parse(body) as unknown[]) {
    if (E.isLeft(codec.decode(raw))) throw new Error('a prepared change failed to decode');
    decoded += 1;
  }
  return decoded;
};

/**
 * Measures the decode cost; resolves with one row per kind of answer: the user feed's changes
 * (`changes`, no document) and the admin feed's with each object's data (`all?data=1`, so the
 * document codec runs too). Informational: no target.
 */
export const decodeCost = async (
  setup: ClientSetup,
  options: DecodeCostOptions,
): Promise<Row[]> => {
  const url = setup.bucketUrl(options.bucket);
  const answers = options.answers ?? 20;
  const passes = options.passes ?? 5;
  const kinds = [
    {
      label: '`changes` answers',
      bodies: await prepare(`${url}/changes`, '', setup.token, answers),
    },
    {
      label: '`all?data=1` answers, with `d`',
      bodies: await prepare(`${url}/all`, '&data=1', APP.adminKey, answers),
    },
  ];
  const rows: Row[] = [];
  for (const { label, bodies } of kinds) {
    if (bodies.length === 0) throw new Error(`decode: no ${label} to decode`);
    const rounds = options.rounds ?? 9;
    // Each measurement is synchronous; the event loop turns between them, so the client's idle
    // keep-alive sockets see the server closing them.
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const runs = await interleaved(
      rounds,
      async () => (await turn(), timed(bodies, passes, parseOnly)),
      async () => (await turn(), timed(bodies, passes, parseAndDecode)),
    );
    const b = median(runs.baseline);
    const s = median(runs.subject);
    const count = bodies.reduce((n, body) => n + parseOnly(body), 0);
    rows.push({
      measure: `decode per change, ${label} (${fmt(count)} changes × ${passes}, median of ${rounds})`,
      baseline: `${fmt(b, 2)} µs`,
      subject: `${fmt(s, 2)} µs`,
      ratio: `${fmt(s / b, 2)}×`,
      target: '—',
      verdict: '—',
    });
  }
  return rows;
};
