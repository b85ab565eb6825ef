/**
 * Counting the process's live handles and requests, to prove that code under test leaves nothing
 * behind (sockets, servers, timers, file requests).
 *
 * Node reports what keeps the event loop alive with `process.getActiveResourcesInfo()`: one type
 * name per live resource (`TCPSocketWrap`, `TCPServerWrap`, `Timeout`, `Immediate`,
 * `FSReqCallback`, …). Unref'd timers are not listed. A server emits `close` before libuv has
 * closed its handle, so the handle stays listed until the close phase of the next event-loop turn
 * or two; comparing right after `close` would report false leaks (or, in the baseline, hide real
 * ones). `trackResources()` and `leaked()` therefore let the loop turn (with `setImmediate`, never
 * a timer) before they count.
 *
 * The test runner's own timers are left out of every count: when Jest runs a spec in its main
 * process (`--runInBand`, or a single spec file), its reporter arms a 100 ms timer every second and
 * each test has a timeout timer, which would otherwise come and go as false leaks (or hide real
 * ones). An `async_hooks` hook, enabled when this module is loaded, records every `Timeout` and
 * `Immediate` whose creator is a frame of Jest's packages (see {@link isTestRunnerFrame}); a runner
 * timer armed before this module was loaded (at most 100 ms earlier) is not recognised.
 *
 * Usage:
 * ```ts
 * const resources = await trackResources(); // baseline: whatever is alive now
 * for (let i = 0; i < 10; i++) {
 *   const sub = feed$.subscribe();
 *   sub.unsubscribe();
 * }
 * await serverSideSocketsClosed(); // await the events themselves, no sleeps
 * expect(await resources.leaked()).toEqual({});
 * ```
 */

import { createHook } from 'node:async_hooks';

/** Number of live resources per type name, as listed by `process.getActiveResourcesInfo()`. */
export type ResourceCounts = Record<string, number>;

/** A baseline of live resources and a way to compare the present against it. */
export interface ResourceTracker {
  /** The counts when the tracker was created. */
  readonly baseline: ResourceCounts;
  /**
   * Resolves with the resources that are alive now and were not at the baseline, as the excess
   * per type (`{}` when nothing was left behind). Before it gives that answer it lets the event
   * loop turn up to `maxTurns` times (default 20) while an excess remains, so that handles whose
   * `close` event has just fired are gone. It never waits on a clock.
   */
  leaked(maxTurns?: number): Promise<ResourceCounts>;
}

/** A stack frame of Jest's own packages (`jest-circus`, `@jest/reporters`, …). */
const RUNNER_FRAME = /[\\/]node_modules[\\/](?:@jest[\\/]|jest-[\w-]+[\\/])/;

/**
 * Whether a stack trace (as in `new Error().stack`) shows a timer created by the test runner: its
 * first frame outside Node's internals and outside this module is in one of Jest's packages.
 */
export function isTestRunnerFrame(stack: string): boolean {
  const caller = stack
    .split('\n')
    .slice(1)
    .find(
      (frame) =>
        !frame.includes('(node:') && !/at node:/.test(frame) && !frame.includes(__filename),
    );
  return caller !== undefined && RUNNER_FRAME.test(caller);
}

/** The test runner's live timers, by async id, recorded by the hook below. */
const runnerTimers = new Map<number, { hasRef(): boolean }>();

const createdByRunner = (): boolean => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return isTestRunnerFrame(stack);
};

createHook({
  init(asyncId, type, _triggerAsyncId, resource) {
    if ((type === 'Timeout' || type === 'Immediate') && createdByRunner()) {
      runnerTimers.set(asyncId, resource as { hasRef(): boolean });
    }
  },
  destroy(asyncId) {
    runnerTimers.delete(asyncId);
  },
}).enable();

/**
 * Counts the live handles and requests of the process by type, leaving out the test runner's own
 * ref'd timers. The `Immediate` of a pending `setImmediate` counts too.
 */
export function countActiveResources(): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const type of process.getActiveResourcesInfo()) {
    counts[type] = (counts[type] ?? 0) + 1;
  }
  for (const timer of runnerTimers.values()) {
    const type = timer.constructor.name;
    const count = counts[type];
    if (timer.hasRef() && count !== undefined) {
      if (count > 1) counts[type] = count - 1;
      else delete counts[type];
    }
  }
  return counts;
}

/** The per-type excess of `after` over `before`; types that did not grow are left out. */
export function excessResources(before: ResourceCounts, after: ResourceCounts): ResourceCounts {
  const excess: ResourceCounts = {};
  for (const [type, count] of Object.entries(after)) {
    const grown = count - (before[type] ?? 0);
    if (grown > 0) excess[type] = grown;
  }
  return excess;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves with a tracker whose baseline is taken after `settleTurns` event-loop turns (default 3),
 * so that handles already closing (a server of a previous test, say) are not part of it; see
 * {@link ResourceTracker.leaked}.
 */
export async function trackResources(settleTurns = 3): Promise<ResourceTracker> {
  for (let turn = 0; turn < settleTurns; turn++) await nextTurn();
  const baseline = countActiveResources();
  return {
    baseline,
    async leaked(maxTurns = 20) {
      let excess = excessResources(baseline, countActiveResources());
      for (let turn = 0; turn < maxTurns && Object.keys(excess).length > 0; turn++) {
        await nextTurn();
        excess = excessResources(baseline, countActiveResources());
      }
      return excess;
    },
  };
}
