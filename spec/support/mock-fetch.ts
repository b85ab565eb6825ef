/**
 * An isolated fetch-mock instance to inject as a client's `fetch` (never patched globally), with
 * its recorded calls in a form that is easy to assert on.
 */
import fetchMock from 'fetch-mock';
import type { FetchLike } from '../../lib/transport/request';

type FetchMock = ReturnType<typeof fetchMock.createInstance>;

/** One call as the client made it: the URL string exactly as passed, lower-cased header names. */
export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

export interface MockFetch {
  /** The fetch-mock instance: add routes with `fm.route(…)`. */
  readonly fm: FetchMock;
  /** Its handler, typed for the client's `fetch` option. */
  readonly fetch: FetchLike;
  /** The calls made so far, oldest first. */
  calls(): RecordedCall[];
  /** The one call made so far; fails when there were zero or several. */
  onlyCall(): RecordedCall;
}

const record = (args: unknown[]): RecordedCall => {
  const [url, init] = args as [
    string,
    (
      | { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }
      | undefined
    ),
  ];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init?.headers ?? {}))
    headers[name.toLowerCase()] = value;
  return { url, method: init?.method ?? 'GET', headers, body: init?.body, signal: init?.signal };
};

/** A fresh fetch-mock instance with no routes (unmatched calls throw, i.e. reject). */
export const mockFetch = (): MockFetch => {
  const fm = fetchMock.createInstance();
  const calls = (): RecordedCall[] => fm.callHistory.calls().map((c) => record(c.args));
  return {
    fm,
    fetch: fm.fetchHandler,
    calls,
    onlyCall: () => {
      const all = calls();
      if (all.length !== 1) throw new Error(`expected exactly one fetch call, got ${all.length}`);
      return all[0] as RecordedCall;
    },
  };
};
