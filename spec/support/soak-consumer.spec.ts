import * as E from 'fp-ts/Either';
import { Subject } from 'rxjs';
import { decodeError, type Change, type SimperiumError } from '../../lib';
import { follow } from './soak-consumer';

const change = (cv: string): E.Either<SimperiumError, Change<unknown>> =>
  E.right({ id: 'o', cv, o: 'M' });

describe('follow', () => {
  it('should record every cursor in arrival order, repeats included, and the Left values', () => {
    const feed$ = new Subject<E.Either<SimperiumError, Change<unknown>>>();
    const consumer = follow(feed$);
    const failure = decodeError({ messages: ['bad change'] });
    [change('a1'), change('a2'), E.left(failure), change('a2')].forEach((c) => feed$.next(c));
    expect(consumer.cvs).toEqual(['a1', 'a2', 'a2']);
    expect(consumer.errors).toEqual([failure]);
  });

  it('should resolve reached(cv) only once a cursor at or after cv arrives', async () => {
    const feed$ = new Subject<E.Either<SimperiumError, Change<unknown>>>();
    const consumer = follow(feed$);
    let done = false;
    const reached = consumer.reached('b').then(() => (done = true));
    feed$.next(change('a9'));
    await Promise.resolve();
    expect(done).toBe(false);
    feed$.next(change('c0'));
    await reached;
    expect(done).toBe(true);
    await consumer.reached('a0');
  });

  it('should resolve reached(cv) when the feed ends before reaching it', async () => {
    const feed$ = new Subject<E.Either<SimperiumError, Change<unknown>>>();
    const consumer = follow(feed$);
    const reached = consumer.reached('z');
    feed$.complete();
    await expect(reached).resolves.toBeUndefined();
  });

  it('should reject reached(cv) when the feed errors', async () => {
    const feed$ = new Subject<E.Either<SimperiumError, Change<unknown>>>();
    const consumer = follow(feed$);
    const reached = consumer.reached('z');
    feed$.error(new Error('defect'));
    await expect(reached).rejects.toThrow('defect');
  });

  it('should unsubscribe from the feed on stop', () => {
    const feed$ = new Subject<E.Either<SimperiumError, Change<unknown>>>();
    const consumer = follow(feed$);
    expect(feed$.observed).toBe(true);
    consumer.stop();
    expect(feed$.observed).toBe(false);
  });
});
