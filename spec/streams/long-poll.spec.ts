import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { NEVER, Observable } from 'rxjs';
import { Change, changeCodec } from '../../lib/codecs/change';
import {
  SimperiumError,
  decodeError,
  httpError,
  networkError,
  unknownCursorError,
} from '../../lib/errors';
import { longPoll } from '../../lib/streams/long-poll';
import { RetryOptions } from '../../lib/transport/retry';
import { testScheduler } from '../support/marbles';

const Todo = t.type({ title: t.string });
type Todo = t.TypeOf<typeof Todo>;
const TodoChange = changeCodec(Todo);
const decode = (raw: unknown): E.Either<SimperiumError, Change<Todo>> =>
  E.mapLeft((errors: t.Errors) => decodeError({ messages: PathReporter.report(E.left(errors)) }))(
    TodoChange.decode(raw),
  );

const policy: RetryOptions = {
  initialDelay: 10,
  maxDelay: 40,
  factor: 2,
  jitter: 0,
  maxRetryAfter: 30,
  count: Infinity,
};

const URL = 'http://127.0.0.1/1/app/todo/changes';
const change = (n: number, extra: object = {}): Change<Todo> => ({
  id: `o${n}`,
  cv: `cv${n}`,
  o: 'M',
  ev: n,
  ccids: [`cc${n}`],
  ...extra,
});
const http = (status: number, retryAfter?: number): SimperiumError =>
  httpError({
    status,
    statusText: '',
    method: 'GET',
    url: URL,
    body: undefined,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
const network = networkError({ method: 'GET', url: URL, message: 'ECONNRESET', cause: undefined });

type Answer = E.Either<SimperiumError, unknown>;
type Out = E.Either<SimperiumError, Change<Todo>>;

/**
 * A poll function answering the i-th request with `answers[i]` (filled inside `run`, where `cold`
 * is available), then never again; `cvs` records the cursor of each request.
 */
const script = () => {
  const answers: Array<Observable<Answer>> = [];
  const cvs: Array<string | undefined> = [];
  const poll = (cv: string | undefined): Observable<Answer> => {
    const next = answers[cvs.length];
    cvs.push(cv);
    return next ?? NEVER;
  };
  return { poll, cvs, answers };
};

const right = (body: unknown): Answer => E.right(body);
const left = (e: SimperiumError): Answer => E.left(e);
const out = (c: Change<Todo>): Out => E.right(c);

/** The feed never completes by itself: every marble test unsubscribes at 200 ms. */
const UNTIL = '^ 199ms !';

describe('longPoll', () => {
  it('should send nothing before subscribe', () => {
    const { poll, cvs } = script();
    longPoll({ poll, decode, cv: 'cv0' });
    expect(cvs).toEqual([]);
  });

  it('should emit every change and poll again from the last one', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('10ms (a|)', { a: right([change(1), change(2)]) }),
        cold('10ms (a|)', { a: right([change(3)]) }),
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe(
        '10ms (xy) 6ms z',
        { x: out(change(1)), y: out(change(2)), z: out(change(3)) },
      );
    });
    expect(cvs).toEqual(['cv0', 'cv2', 'cv3']);
  });

  it('should start without a cursor when none is given', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(cold('5ms (a|)', { a: right([change(1)]) }));
      expectObservable(longPoll({ poll, decode }), UNTIL).toBe('5ms x', { x: out(change(1)) });
    });
    expect(cvs).toEqual([undefined, 'cv1']);
  });

  it('should poll again, from the same cursor, after an empty answer', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('5ms (e|)', { e: right([]) }),
        cold('5ms (e|)', { e: right([]) }),
        cold('5ms (a|)', { a: right([change(1)]) }),
      );
      expectObservable(
        longPoll({ poll, decode, cv: 'cv0', retry: policy, minInterval: 0 }),
        UNTIL,
      ).toBe('15ms x', { x: out(change(1)) });
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv0', 'cv1']);
  });

  it('should wait out the rest of minInterval after an empty answer before polling again', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const next = cold<Answer>('5ms (a|)', { a: right([change(1)]) });
      answers.push(cold('5ms (e|)', { e: right([]) }), next);
      expectObservable(
        longPoll({ poll, decode, cv: 'cv0', retry: policy, minInterval: 100 }),
        UNTIL,
      ).toBe('105ms x', { x: out(change(1)) });
      expectSubscriptions(next.subscriptions).toBe('100ms ^ 4ms !');
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv1']);
  });

  it('should wait 1 s from request to request after empty answers by default', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('5ms (e|)', { e: right([]) }),
        cold('(e|)', { e: right([]) }),
        cold('5ms (a|)', { a: right([change(1)]) }),
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), '^ 2999ms !').toBe(
        '2005ms x',
        { x: out(change(1)) },
      );
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv0', 'cv1']);
  });

  it('should poll again at once after an empty answer that took longer than minInterval', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('150ms (e|)', { e: right([]) }),
        cold('5ms (a|)', { a: right([change(1)]) }),
      );
      expectObservable(
        longPoll({ poll, decode, cv: 'cv0', retry: policy, minInterval: 100 }),
        UNTIL,
      ).toBe('155ms x', { x: out(change(1)) });
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv1']);
  });

  it('should poll again at once after a non-empty answer, whatever minInterval', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('5ms (a|)', { a: right([change(1)]) }),
        cold('5ms (a|)', { a: right([change(2)]) }),
      );
      expectObservable(
        longPoll({ poll, decode, cv: 'cv0', retry: policy, minInterval: 100 }),
        UNTIL,
      ).toBe('5ms x 4ms y', { x: out(change(1)), y: out(change(2)) });
    });
    expect(cvs).toEqual(['cv0', 'cv1', 'cv2']);
  });

  it('should cancel the minInterval wait when unsubscribed during it', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const next = cold<Answer>('(a|)', { a: right([change(1)]) });
      answers.push(cold('5ms (e|)', { e: right([]) }), next);
      expectObservable(
        longPoll({ poll, decode, cv: 'cv0', retry: policy, minInterval: 100 }),
        '^ 49ms !',
      ).toBe('');
      expectSubscriptions(next.subscriptions).toBe([]);
    });
    expect(cvs).toEqual(['cv0']);
  });

  it('should drop a request unanswered after the window and send it again', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const silent = cold<Answer>('-');
      answers.push(silent, cold('5ms (a|)', { a: right([change(1)]) }));
      expectObservable(longPoll({ poll, decode, cv: 'cv0', window: 100 }), UNTIL).toBe('105ms x', {
        x: out(change(1)),
      });
      expectSubscriptions(silent.subscriptions).toBe('^ 99ms !');
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv1']);
  });

  it('should back off 10, 20 ms after failures, then 10 ms again after a success', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('1ms (n|)', { n: left(network) }), // fails at 1, next at 11
        cold('1ms (s|)', { s: left(http(503)) }), // fails at 12, next at 32
        cold('1ms (a|)', { a: right([change(1)]) }), // x at 33, next at 33
        cold('1ms (n|)', { n: left(http(502)) }), // fails at 34, next at 44 (not 74)
        cold('1ms (a|)', { a: right([change(2)]) }), // y at 45
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe(
        '33ms x 11ms y',
        {
          x: out(change(1)),
          y: out(change(2)),
        },
      );
    });
    expect(cvs).toEqual(['cv0', 'cv0', 'cv0', 'cv1', 'cv1', 'cv2']);
  });

  it('should reset the backoff after an empty answer too', () => {
    const { poll, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('1ms (n|)', { n: left(network) }), // next at 11
        cold('1ms (n|)', { n: left(network) }), // next at 32
        cold('1ms (e|)', { e: right([]) }), // at 33, next at 33
        cold('1ms (n|)', { n: left(network) }), // fails at 34, next at 44
        cold('1ms (a|)', { a: right([change(1)]) }),
      );
      expectObservable(longPoll({ poll, decode, retry: policy, minInterval: 0 }), UNTIL).toBe(
        '45ms x',
        { x: out(change(1)) },
      );
    });
  });

  it("should wait a 429's Retry-After, capped by maxRetryAfter", () => {
    const { poll, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('(t|)', { t: left(http(429, 25)) }), // next at 25
        cold('(t|)', { t: left(http(429, 90_000)) }), // next at 25 + 30
        cold('(a|)', { a: right([change(1)]) }),
      );
      expectObservable(longPoll({ poll, decode, retry: policy }), UNTIL).toBe('55ms x', {
        x: out(change(1)),
      });
    });
  });

  it('should retry an answer that is not an array', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('1ms (o|)', { o: right({ error: 'gateway' }) }),
        cold('1ms (a|)', { a: right([change(1)]) }),
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe('12ms x', {
        x: out(change(1)),
      });
    });
    expect(cvs.slice(0, 2)).toEqual(['cv0', 'cv0']);
  });

  it('should end with one HttpError on 401, without retrying', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(cold('2ms (u|)', { u: left(http(401)) }));
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe(
        '2ms (u|)',
        {
          u: left(http(401)),
        },
      );
    });
    expect(cvs).toEqual(['cv0']);
  });

  it('should end with one HttpError on 403 after emitting the changes before it', () => {
    const { poll, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('2ms (a|)', { a: right([change(1)]) }),
        cold('2ms (f|)', { f: left(http(403)) }),
      );
      expectObservable(longPoll({ poll, decode, retry: policy }), UNTIL).toBe('2ms x 1ms (f|)', {
        x: out(change(1)),
        f: left(http(403)),
      });
    });
  });

  it('should end with UnknownCursorError when the server does not know the cursor (404)', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('2ms (a|)', { a: right([change(1)]) }),
        cold('2ms (g|)', { g: left(http(404)) }),
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe(
        '2ms x 1ms (g|)',
        {
          x: out(change(1)),
          g: left(unknownCursorError('cv1', URL)),
        },
      );
    });
    expect(cvs).toEqual(['cv0', 'cv1']);
  });

  it('should keep a 404 as HttpError when no cursor was sent', () => {
    const { poll, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(cold('(g|)', { g: left(http(404)) }));
      expectObservable(longPoll({ poll, decode, retry: policy }), UNTIL).toBe('(g|)', {
        g: left(http(404)),
      });
    });
  });

  it('should emit a change that fails to decode as a Left, carry on, and not fetch it again', () => {
    const { poll, cvs, answers } = script();
    const bad = { id: 'o2', cv: 'cv2', o: 'M', v: 'not a diff' };
    const noCv = { id: 'o5', cv: 5, o: 'M' };
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('10ms (a|)', { a: right([change(1), bad, change(3)]) }),
        cold('10ms (a|)', { a: right([bad]) }),
        cold('10ms (a|)', { a: right([change(4), noCv]) }),
        cold('10ms (a|)', { a: right([change(6)]) }),
      );
      expectObservable(longPoll({ poll, decode, cv: 'cv0', retry: policy }), UNTIL).toBe(
        '10ms (xdz) 5ms d 9ms (we) 6ms v',
        {
          x: out(change(1)),
          d: decode(bad),
          z: out(change(3)),
          w: out(change(4)),
          e: decode(noCv),
          v: out(change(6)),
        },
      );
    });
    expect(E.isLeft(decode(bad)) && decode(bad)).toMatchObject({ left: { _tag: 'DecodeError' } });
    // past the failing change with cv2; the one without a string cv cannot move the cursor
    expect(cvs).toEqual(['cv0', 'cv3', 'cv2', 'cv4', 'cv6']);
  });

  it('should end with the last failure once a finite retry count is used up', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(cold('1ms (n|)', { n: left(network) }), cold('1ms (n|)', { n: left(network) }));
      expectObservable(longPoll({ poll, decode, retry: { ...policy, count: 1 } }), UNTIL).toBe(
        '12ms (n|)',
        {
          n: left(network),
        },
      );
    });
    expect(cvs).toHaveLength(2);
  });

  it('should abort the request held open when unsubscribed', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const held = cold<Answer>('-');
      answers.push(held);
      expectObservable(longPoll({ poll, decode, window: 1000 }), '^ 49ms !').toBe('');
      expectSubscriptions(held.subscriptions).toBe('^ 49ms !');
    });
    expect(cvs).toHaveLength(1);
  });

  it('should clear the retry timer when unsubscribed during a backoff', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold<Answer>('1ms (n|)', { n: left(network) });
      answers.push(failing, cold('(a|)', { a: right([change(1)]) }));
      expectObservable(longPoll({ poll, decode, retry: policy }), '^ 5ms !').toBe('');
      expectSubscriptions(failing.subscriptions).toBe('^!');
    });
    expect(cvs).toHaveLength(1);
  });

  it('should start each subscription from the given cursor', () => {
    const { poll, cvs, answers } = script();
    testScheduler().run(({ cold, expectObservable }) => {
      answers.push(
        cold('1ms (a|)', { a: right([change(1)]) }),
        cold('-'),
        cold('1ms (a|)', { a: right([change(2)]) }),
      );
      const feed$ = longPoll({ poll, decode, cv: 'cv0', retry: policy });
      expectObservable(feed$, '^ 4ms !').toBe('1ms x', { x: out(change(1)) });
      expectObservable(feed$, '10ms ^ 4ms !').toBe('11ms y', { y: out(change(2)) });
    });
    expect(cvs).toEqual(['cv0', 'cv1', 'cv0', 'cv2']);
  });
});
