import * as E from 'fp-ts/Either';
import { NEVER, defer, of, repeat } from 'rxjs';
import {
  SimperiumError,
  decodeError,
  httpError,
  invalidArgumentError,
  networkError,
  timeoutError,
  unknownCursorError,
} from '../../lib/errors';
import {
  RetryOptions,
  backoffDelay,
  defaultFeedRetry,
  defaultOneShotRetry,
  isRetryable,
  retryDelay,
  retryEither,
} from '../../lib/transport/retry';
import { testScheduler } from '../support/marbles';

const http = (status: number, retryAfter?: number): SimperiumError =>
  httpError({
    status,
    statusText: '',
    method: 'GET',
    url: 'http://127.0.0.1/1/app/todo/changes',
    body: undefined,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
const network = networkError({ method: 'GET', url: 'u', message: 'ECONNRESET', cause: undefined });
const timeout = timeoutError({ method: 'GET', url: 'u', timeout: 1000 });

const policy: RetryOptions = {
  initialDelay: 10,
  maxDelay: 40,
  factor: 2,
  jitter: 0,
  maxRetryAfter: 25,
  count: Infinity,
};

describe('isRetryable', () => {
  it.each<[string, SimperiumError, boolean]>([
    ['a network failure', network, true],
    ['a timeout', timeout, true],
    ['408 Request Timeout', http(408), true],
    ['429 Too Many Requests', http(429), true],
    ['500', http(500), true],
    ['502', http(502), true],
    ['503', http(503), true],
    ['504', http(504), true],
    ['400', http(400), false],
    ['401', http(401), false],
    ['403', http(403), false],
    ['404', http(404), false],
    ['409', http(409), false],
    ['412', http(412), false],
    ['413', http(413), false],
    ['a decode failure', decodeError({ messages: ['bad'] }), false],
    ['an invalid argument', invalidArgumentError('id', 'empty'), false],
    ['an unknown cursor', unknownCursorError('abc', 'u'), false],
  ])('should classify %s as retryable: %s', (_name, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each<[number, number]>([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 40],
    [50, 40],
  ])('should wait, before retry %i, the capped exponential delay %i ms', (attempt, expected) => {
    expect(backoffDelay(attempt, policy, () => 0.99)).toBe(expected);
  });

  it.each<[number, number, number]>([
    [0.5, 0, 40],
    [0.5, 0.5, 30],
    [0.5, 0.999, 20],
    [1, 0.75, 10],
    [2, 0.999, 0],
    [-1, 0.999, 40],
  ])(
    'should remove up to jitter %d of the delay (random %d → %i ms)',
    (jitter, random, expected) => {
      expect(backoffDelay(3, { ...policy, jitter }, () => random)).toBe(expected);
    },
  );

  it('should keep every jittered delay within [delay × (1 − jitter), delay]', () => {
    const options = { ...defaultFeedRetry };
    for (let attempt = 1; attempt <= 10; attempt++) {
      const delay = backoffDelay(attempt, options);
      const full = Math.min(options.maxDelay, options.initialDelay * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(Math.floor(full * (1 - options.jitter)));
      expect(delay).toBeLessThanOrEqual(full);
    }
  });
});

describe('retryDelay', () => {
  it.each<[string, number, number, SimperiumError]>([
    ['429 with Retry-After below the cap', 3, 5, http(429, 5)],
    ['503 with Retry-After above the cap', 1, 25, http(503, 60_000)],
    ['429 with Retry-After 0', 2, 0, http(429, 0)],
    ['429 with a negative Retry-After', 2, 0, http(429, -3)],
    ['429 without Retry-After', 2, 20, http(429)],
    ['a network failure', 1, 10, network],
    ['a timeout', 3, 40, timeout],
  ])('should wait after %s, before retry %i: %i ms', (_name, attempt, expected, error) => {
    expect(retryDelay(error, attempt, policy, () => 0)).toBe(expected);
  });

  it('should not jitter a Retry-After', () => {
    expect(retryDelay(http(429, 20), 1, { ...policy, jitter: 1 }, () => 0.9)).toBe(20);
    expect(retryDelay(network, 2, { ...policy, jitter: 1 }, () => 0.5)).toBe(10);
  });
});

describe('defaultFeedRetry', () => {
  it('should retry forever and defaultOneShotRetry should not retry', () => {
    expect(defaultFeedRetry.count).toBe(Infinity);
    expect(defaultOneShotRetry.count).toBe(0);
    expect({ ...defaultOneShotRetry, count: Infinity }).toEqual(defaultFeedRetry);
  });
});

describe('retryEither', () => {
  const values: Record<'r' | 'n' | 's' | 't' | 'u', E.Either<SimperiumError, string>> = {
    r: E.right('ok'),
    n: E.left(network),
    s: E.left(http(503)),
    t: E.left(http(429, 15)),
    u: E.left(http(401)),
  };

  it('should re-subscribe after 10, 20 and 40 ms, then emit the Right', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-(n|)', values);
      let calls = 0;
      const request$ = defer(() => (++calls <= 3 ? source : cold('-(r|)', values)));
      // attempt at 0, fails at 1; retries at 11, 32, 73; the fourth attempt answers at 74
      expectObservable(request$.pipe(retryEither<string>(policy))).toBe('74ms (r|)', values);
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!', '32ms ^!']);
    });
  });

  it('should cap the backoff at maxDelay', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('(n|)', values);
      let calls = 0;
      const request$ = defer(() => (++calls <= 5 ? source : of(values.r)));
      // delays 10, 20, 40, 40, 40
      expectObservable(request$.pipe(retryEither<string>(policy))).toBe('150ms (r|)', values);
    });
  });

  it('should wait the Retry-After of a 429, capped by maxRetryAfter', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      let calls = 0;
      const request$ = defer(() =>
        ++calls === 1
          ? cold('(t|)', values)
          : calls === 2
            ? cold('(a|)', { a: E.left<SimperiumError, string>(http(429, 99)) })
            : of(values.r),
      );
      // Retry-After 15 ms, then 99 ms capped at 25 ms
      expectObservable(request$.pipe(retryEither<string>(policy))).toBe('40ms (r|)', values);
    });
  });

  it('should emit a final Left at once, without retrying', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--(u|)', values);
      expectObservable(source.pipe(retryEither<string>(policy))).toBe('--(u|)', values);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('should emit the last Left once count retries are used up', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-(s|)', values);
      expectObservable(source.pipe(retryEither<string>({ ...policy, count: 2 }))).toBe(
        '33ms (s|)',
        values,
      );
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!', '32ms ^!']);
    });
  });

  it('should not retry at all with count 0', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-(s|)', values);
      expectObservable(source.pipe(retryEither<string>(defaultOneShotRetry))).toBe('-(s|)', values);
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('should restart the backoff after a success', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // A long-lived source: fails twice, succeeds, fails again, succeeds, then stays open.
      const script = ['n', 'n', 'r', 'n', 'r'] as const;
      let calls = 0;
      const step$ = defer(() => {
        const step = script[calls++];
        return step === undefined ? NEVER : cold(step === 'r' ? '-(r|)' : '-(n|)', values);
      });
      // fails at 1, waits 10; fails at 12, waits 20; r at 33; fails at 34 and, reset, waits 10
      // (not 40); r at 45
      expectObservable(step$.pipe(repeat(), retryEither<string>(policy))).toBe(
        '33ms r 11ms r',
        values,
      );
    });
  });

  it('should pass errors through without retrying them', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', values, new Error('defect'));
      expectObservable(source.pipe(retryEither<string>(policy))).toBe(
        '-#',
        values,
        new Error('defect'),
      );
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('should cancel the pending delay when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-(n|)', values);
      expectObservable(source.pipe(retryEither<string>(policy)), '^ 20ms !').toBe('', values);
      // the retry due at 11 happens; the one due at 32 never does
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!']);
    });
  });

  it('should retry with a custom predicate', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const bad: E.Either<SimperiumError, string> = E.left(
        decodeError({ messages: ['not an array'] }),
      );
      let calls = 0;
      const request$ = defer(() => (++calls === 1 ? cold('(b|)', { b: bad }) : of(values.r)));
      expectObservable(request$.pipe(retryEither<string>(policy, undefined, () => true))).toBe(
        '10ms (r|)',
        values,
      );
    });
  });
});
