/**
 * The ways the feed benchmarks follow a bucket's changes: the client's `changes$`, and two
 * hand-written long-poll loops that only run `JSON.parse` (the baselines), one over `fetch`, one
 * over `node:http` with a keep-alive agent (the cheaper of the two per exchange). All take the
 * same arguments and stop the same way, so a benchmark can run any.
 */
import * as E from 'fp-ts/Either';
import { Agent, request } from 'node:http';
import type { Bucket } from '../../lib';
import { fetchJson } from './local-app';

/** What the benchmarks read of a change. */
export interface SeenChange {
  readonly id: string;
  readonly cv: string;
}

/**
 * Follows a bucket's changes after `cv`, calling `onChange` for each in order and `onError` on a
 * failure (which ends it). Returns a function that stops it and aborts the request held open.
 */
export type Feed = (
  cv: string,
  onChange: (change: SeenChange) => void,
  onError: (error: Error) => void,
) => () => void;

/**
 * The baseline: `GET {bucketUrl}/changes?clientid=raw-loop&cv=…` with `fetch`, `JSON.parse` of
 * the body, each element handed over as it is, and again from the last `cv` — no decoding, no
 * retry, no Observable.
 *
 * @param bucketUrl `{server}/1/{app}/{bucket}`
 * @param token sent in `X-Simperium-Token`
 */
export const rawFeed =
  (bucketUrl: string, token: string): Feed =>
  (cv, onChange, onError) => {
    const controller = new AbortController();
    const init = { headers: { 'X-Simperium-Token': token }, signal: controller.signal };
    const loop = async (): Promise<void> => {
      for (let cursor = cv; ;) {
        const body = (await fetchJson(
          `${bucketUrl}/changes?clientid=raw-loop&cv=${cursor}`,
          init,
        )) as SeenChange[];
        for (const change of body) {
          if (controller.signal.aborted) return;
          cursor = change.cv;
          onChange(change);
        }
      }
    };
    loop().catch((err: unknown) => {
      if (!controller.signal.aborted) onError(err instanceof Error ? err : new Error(String(err)));
    });
    return () => controller.abort();
  };

/** The keep-alive agent of the `node:http` loop: one connection reused from poll to poll. */
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

/**
 * The same loop as {@link rawFeed} over `node:http` with a keep-alive agent: `GET` with the
 * agent, the body's chunks joined and `JSON.parse`d, each element handed over, again from the
 * last `cv`.
 *
 * @param bucketUrl `{server}/1/{app}/{bucket}` (http only)
 * @param token sent in `X-Simperium-Token`
 */
export const nodeHttpFeed =
  (bucketUrl: string, token: string): Feed =>
  (cv, onChange, onError) => {
    let stopped = false;
    let current: ReturnType<typeof request> | undefined;
    const headers = { 'X-Simperium-Token': token };
    const poll = (cursor: string): void => {
      current = request(
        `${bucketUrl}/changes?clientid=raw-node-loop&cv=${cursor}`,
        { agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (stopped) return;
            if (res.statusCode !== 200) return onError(new Error(`HTTP ${res.statusCode}`));
            let next = cursor;
            try {
              for (const change of JSON.parse(Buffer.concat(chunks).toString()) as SeenChange[]) {
                next = change.cv;
                onChange(change);
                if (stopped) return;
              }
            } catch (err) {
              return onError(err instanceof Error ? err : new Error(String(err)));
            }
            poll(next);
          });
        },
      );
      current.on('error', (err) => {
        if (!stopped) onError(err);
      });
      current.end();
    };
    poll(cv);
    return () => {
      stopped = true;
      current?.destroy();
    };
  };

/** The subject: `bucket.changes$({ cv })`; a `Left` is reported as an error by its tag. */
export const clientFeed =
  <A>(bucket: Bucket<A>): Feed =>
  (cv, onChange, onError) => {
    const subscription = bucket.changes$({ cv }).subscribe({
      next: (change) =>
        E.isRight(change)
          ? onChange(change.right)
          : onError(new Error(`changes$ emitted Left(${change.left._tag})`)),
      error: (err: unknown) => onError(err instanceof Error ? err : new Error(String(err))),
    });
    return () => subscription.unsubscribe();
  };
