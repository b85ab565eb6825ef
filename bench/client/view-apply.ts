/**
 * View apply cost per change, in process: the CPU time a live view spends applying answers of
 * the change feed to its state (`applyChanges`, then `withConfirmed`, which decodes each object
 * touched with the documents' codec and makes the new immutable maps), against `JSON.parse` of
 * the same answers. The answers are real: the `changes` feed of the seeded bucket after every
 * object was created (each change a jsondiff of a note from version 1), fetched once beforehand
 * and decoded as the feed decodes them, so the work timed is only what a view adds to
 * `changes$`. The view starts from the seeded notes (`note0` … at version 1, as they were at
 * that cv; as many as each size asks); each pass applies the answers in order from that same
 * state (states are immutable).
 */
import { ParsedJsonObject } from '../../lib/codecs/json-object';
import { changeDecoder, type Change } from '../../lib/codecs/change';
import * as LE from '../../lib/either';
import type { JsonObject } from '../../lib/jsondiff/types';
import { DocumentTable } from '../../lib/live/document-table';
import { applyChanges, initialState, withConfirmed, type ViewState } from '../../lib/live/state';
import type { Answer } from '../../lib/streams/long-poll';
import type { ClientSetup } from '../support/client-setup';
import { note, Note } from '../support/seed';
import { fmt, interleaved, median, now } from '../support/stats';
import type { Row } from '../support/table';

export interface ViewApplyOptions {
  /** The seeded bucket (its first objects were created at version 1 before `cv`). */
  readonly bucket: string;
  /** The bucket's cv once every object was created. */
  readonly cv: string;
  /** Sizes of the view to apply the answers to (each at least `answers × 100`, the ids touched). */
  readonly sizes: ReadonlyArray<number>;
  /** Answers of 100 changes to prepare (default 20). */
  readonly answers?: number;
  /** Timed passes over the answers per measurement (default 5). */
  readonly passes?: number;
  /** Measurements of each kind (default 9). */
  readonly rounds?: number;
}

interface Prepared {
  readonly body: string;
  readonly answer: Answer<Change<unknown>>;
}

const feedDecoder = changeDecoder(ParsedJsonObject);

/** Up to `answers` answers of `changes?wait=0` after `cv`, as text and as the feed decodes them. */
const prepare = async (
  setup: ClientSetup,
  bucket: string,
  cv: string,
  answers: number,
): Promise<Prepared[]> => {
  const prepared: Prepared[] = [];
  for (let cursor = cv; prepared.length < answers;) {
    const res = await fetch(`${setup.bucketUrl(bucket)}/changes?wait=0&cv=${cursor}`, {
      headers: { 'X-Simperium-Token': setup.token },
    });
    const body = await res.text();
    const raw = JSON.parse(body) as unknown[];
    const changes = raw.map((item) => {
      const decoded = feedDecoder.decode(item);
      if (decoded._tag === 'Left') throw new Error('view apply: a change did not decode');
      return decoded.right as Change<unknown>;
    });
    const last = changes[changes.length - 1];
    if (res.status !== 200 || last === undefined) break;
    cursor = last.cv;
    prepared.push({ body, answer: { changes: changes.map((c) => LE.right(c)), cv: cursor } });
  }
  return prepared;
};

/** The view of the first `size` seeded notes, each at version 1, as a view holds them. */
const seededView = (size: number, cv: string): ViewState<Note> => {
  const ids = Array.from({ length: size }, (_, i) => `note${i}`);
  return withConfirmed(
    initialState<Note>(),
    Note,
    {
      cv,
      table: DocumentTable.of(
        ids.map((id, i) => [id, { data: note(i) as JsonObject, version: 1 }]),
      ),
    },
    'live',
  );
};

/** Applies every answer in order from `start`, as a view does; answers how many changes. */
const applyAll = (start: ViewState<Note>, prepared: ReadonlyArray<Prepared>): number => {
  let state = start;
  let changes = 0;
  for (const { answer } of prepared) {
    const applied = applyChanges(state.confirmed, answer.changes, answer.cv);
    if (applied.stale.size !== 0) throw new Error('view apply: a change did not apply');
    state = withConfirmed(state, Note, applied.confirmed, 'live', applied.ccids, applied.touched);
    changes += answer.changes.length;
  }
  return changes;
};

const parseAll = (prepared: ReadonlyArray<Prepared>): number => {
  let changes = 0;
  for (const { body } of prepared) changes += (JSON.parse(body) as unknown[]).length;
  return changes;
};

/** Microseconds per change of `passes` runs of `work`. */
const timed = (passes: number, work: () => number): number => {
  let changes = 0;
  const start = now();
  for (let pass = 0; pass < passes; pass += 1) changes += work();
  return ((now() - start) * 1000) / changes;
};

/** Measures the apply cost; resolves with one informational row per view size. */
export const viewApply = async (setup: ClientSetup, options: ViewApplyOptions): Promise<Row[]> => {
  const passes = options.passes ?? 5;
  const rounds = options.rounds ?? 9;
  const prepared = await prepare(setup, options.bucket, options.cv, options.answers ?? 20);
  const count = prepared.reduce((n, p) => n + p.answer.changes.length, 0);
  if (count === 0) throw new Error('view apply: no changes to apply');
  const rows: Row[] = [];
  for (const size of options.sizes) {
    const start = seededView(size, options.cv);
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const runs = await interleaved(
      rounds,
      async () => (await turn(), timed(passes, () => parseAll(prepared))),
      async () => (await turn(), timed(passes, () => applyAll(start, prepared))),
    );
    const b = median(runs.baseline);
    const s = median(runs.subject);
    rows.push({
      measure: `view apply per change, a view of ${fmt(size)} objects (${fmt(count)} changes in answers of 100 × ${passes}, median of ${rounds}), against JSON.parse`,
      baseline: `${fmt(b, 2)} µs`,
      subject: `${fmt(s, 2)} µs`,
      ratio: `${fmt(s / b, 2)}×`,
      target: '—',
      verdict: '—',
    });
  }
  return rows;
};
