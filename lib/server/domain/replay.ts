/**
 * Catching a reader up from a cv: which cvs a bucket accepts as a starting point, and the changes
 * visible to the reader after one, oldest first, in bounded pages. `GET {bucket}/changes` answers
 * one page; the socket's `cv` command sends them all, a message per page.
 */
import type { Storage } from '../storage';
import type { AnswerBound } from './answer-bound';
import { ZERO_CV } from './cv';
import { collectUserChanges } from './feed';

/** Whether a reader may start after `cv` in the bucket: the zero cursor, or a cv it issued. */
export const isKnownCv = (storage: Storage, app: string, bucket: string, cv: string): boolean =>
  cv === ZERO_CV || storage.changes.issued(app, bucket, cv);

/** One change of a replay: its cv and its JSON text as the reader sees it. */
export interface ReplayedChange {
  readonly cv: string;
  readonly text: string;
}

/** Whose changes after which cv. */
export interface ReplayQuery {
  readonly app: string;
  readonly bucket: string;
  readonly user: string;
  readonly after: string;
}

/**
 * Every change visible to `query.user` after `query.after`, oldest first, as pages within
 * `bound` (each holds at least one change), read a page at a time as they are iterated.
 */
export function* replayUserChanges(
  storage: Storage,
  query: ReplayQuery,
  bound: AnswerBound,
): Generator<ReplayedChange[]> {
  const { app, bucket, user } = query;
  let after = query.after;
  for (;;) {
    const read = [...storage.changes.forUser(app, bucket, user, after, bound.count)];
    const texts = collectUserChanges(read, user, bound);
    if (texts.length === 0) return;
    yield texts.map((text, i) => ({ cv: (read[i] as { cv: string }).cv, text }));
    after = (read[texts.length - 1] as { cv: string }).cv;
  }
}
