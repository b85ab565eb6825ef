import * as E from 'fp-ts/Either';
import {
  Observable,
  asyncScheduler,
  defer,
  lastValueFrom,
  map,
  of,
  take,
  tap,
  toArray,
} from 'rxjs';
import type { IndexEntry, IndexPage } from '../../lib/codecs/index-page';
import { SimperiumError, decodeError, httpError } from '../../lib/errors';
import { entries, pages, prefetchedPages } from '../../lib/streams/pager';
import { collect } from '../support/collect';
import { expectLeft } from '../support/either';
import { testScheduler } from '../support/marbles';

type Doc = { n: number };
type Page = E.Either<SimperiumError, IndexPage<Doc>>;

const forbidden = httpError({
  status: 403,
  statusText: 'Forbidden',
  method: 'GET',
  url: 'http://127.0.0.1/1/app/todo/index',
  body: undefined,
});

/** A bucket of `total` objects served `limit` at a time; marks are the next entry's position. */
const bucket = (total: number, limit: number) => {
  const requests: Array<string | undefined> = [];
  const page = (mark: string | undefined): IndexPage<Doc> => {
    const start = mark === undefined ? 0 : Number(mark);
    const end = Math.min(total, start + limit);
    const index: IndexEntry<Doc>[] = [];
    for (let i = start; i < end; i++) index.push({ id: `o${i}`, version: 1, data: { n: i } });
    return { current: 'cv9', index, ...(end < total ? { mark: String(end) } : {}) };
  };
  /** Answers synchronously, like a cached response: the hardest case for laziness. */
  const fetchPage = (mark: string | undefined): Observable<Page> =>
    defer(() => {
      requests.push(mark);
      return of(E.right(page(mark)));
    });
  return { fetchPage, requests, page };
};

const ids = (values: ReadonlyArray<E.Either<SimperiumError, IndexEntry<Doc>>>): string[] =>
  values.map((v) => (E.isRight(v) ? v.right.id : v.left._tag));

describe('pages', () => {
  it('should send nothing before subscribe', () => {
    const { fetchPage, requests } = bucket(10, 5);
    pages(fetchPage);
    expect(requests).toEqual([]);
  });

  it('should emit every page, following marks, and complete after the last one', async () => {
    const { fetchPage, requests, page } = bucket(250, 100);
    const all = await lastValueFrom(pages(fetchPage).pipe(toArray()));
    expect(all).toEqual([E.right(page(undefined)), E.right(page('100')), E.right(page('200'))]);
    expect(requests).toEqual([undefined, '100', '200']);
  });

  it('should request the next page only once the previous one has been emitted', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { page } = bucket(250, 100);
      const first = cold<Page>('--(a|)', { a: E.right(page(undefined)) });
      const second = cold<Page>('---(b|)', { b: E.right(page('100')) });
      const third = cold<Page>('-(c|)', { c: E.right(page('200')) });
      const byMark: Record<string, Observable<Page>> = { '100': second, '200': third };
      const fetchPage = (mark: string | undefined): Observable<Page> =>
        mark === undefined ? first : (byMark[mark] ?? of(E.left(forbidden)));
      expectObservable(pages(fetchPage)).toBe('--a--b(c|)', {
        a: E.right(page(undefined)),
        b: E.right(page('100')),
        c: E.right(page('200')),
      });
      expectSubscriptions(first.subscriptions).toBe('^-!');
      expectSubscriptions(second.subscriptions).toBe('--^--!');
      expectSubscriptions(third.subscriptions).toBe('-----^!');
    });
  });

  it('should end right after a Left page', async () => {
    const { page } = bucket(300, 100);
    const requests: Array<string | undefined> = [];
    const fetchPage = (mark: string | undefined): Observable<Page> =>
      defer(() => {
        requests.push(mark);
        return of(mark === '100' ? E.left(forbidden) : E.right(page(mark)));
      });
    const all = await lastValueFrom(pages(fetchPage).pipe(toArray()));
    expect(all).toEqual([E.right(page(undefined)), E.left(forbidden)]);
    expect(requests).toEqual([undefined, '100']);
  });

  it('should end with a ProtocolError naming the mark when the server sends the same mark again', async () => {
    const { page } = bucket(300, 100);
    const requests: Array<string | undefined> = [];
    const stuck = (mark: string | undefined): Observable<Page> =>
      defer(() => {
        requests.push(mark);
        return of(E.right({ ...page(mark), mark: '100' }));
      });
    // take(5) bounds the test should the guard be missing
    const all = await collect(pages(stuck).pipe(take(5)));
    expect(all).toHaveLength(3);
    expect(all.slice(0, 2).every(E.isRight)).toBe(true);
    expect(expectLeft(all[2] as Page, 'ProtocolError').message).toContain('"100"');
    expect(requests).toEqual([undefined, '100']);
  });

  it('should end with a ProtocolError when a mark comes back after others (a cycle)', async () => {
    const { page } = bucket(300, 100);
    const next: Record<string, string> = { first: 'a', a: 'b', b: 'a' };
    const requests: Array<string | undefined> = [];
    const cycling = (mark: string | undefined): Observable<Page> =>
      defer(() => {
        requests.push(mark);
        return of(E.right({ ...page(undefined), mark: next[mark ?? 'first'] ?? '' }));
      });
    const all = await collect(pages(cycling).pipe(take(5)));
    expect(all.map((p) => p._tag)).toEqual(['Right', 'Right', 'Right', 'Left']);
    expect(expectLeft(all[3] as Page, 'ProtocolError').message).toContain('"a"');
    expect(requests).toEqual([undefined, 'a', 'b']);
    // each subscription follows its own marks
    expect(await collect(pages(cycling).pipe(take(5)))).toEqual(all);
  });

  it('should abort the page request in flight when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { page } = bucket(250, 100);
      const first = cold<Page>('-(a|)', { a: E.right(page(undefined)) });
      const second = cold<Page>('-----(b|)', { b: E.right(page('100')) });
      const fetchPage = (mark: string | undefined): Observable<Page> =>
        mark === undefined ? first : second;
      expectObservable(pages(fetchPage), '^--!').toBe('-a', { a: E.right(page(undefined)) });
      expectSubscriptions(second.subscriptions).toBe('-^-!');
    });
  });
});

describe('entries', () => {
  it('should send exactly 3 requests for take(250) over pages of 100', async () => {
    const { fetchPage, requests } = bucket(1000, 100);
    const taken = await lastValueFrom(pages(fetchPage).pipe(entries(), take(250), toArray()));
    expect(taken).toHaveLength(250);
    expect(ids(taken).slice(-1)).toEqual(['o249']);
    expect(requests).toEqual([undefined, '100', '200']);
  });

  it('should send exactly 1 request for take(100) over pages of 100', async () => {
    const { fetchPage, requests } = bucket(1000, 100);
    await lastValueFrom(pages(fetchPage).pipe(entries(), take(100), toArray()));
    expect(requests).toEqual([undefined]);
  });

  it('should send exactly 2 requests for take(101) with asynchronous answers', () => {
    const { page } = bucket(1000, 100);
    const requests: Array<string | undefined> = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const fetchPage = (mark: string | undefined): Observable<Page> => {
        requests.push(mark);
        return cold('-(p|)', { p: E.right(page(mark)) });
      };
      const count$ = pages(fetchPage).pipe(
        entries(),
        take(101),
        toArray(),
        map((all) => all.length),
      );
      expectObservable(count$).toBe('--(n|)', { n: 101 });
    });
    expect(requests).toEqual([undefined, '100']);
  });

  it('should emit every entry of a page before the next page is requested', async () => {
    const { fetchPage, requests } = bucket(5, 2);
    const seen: string[] = [];
    const traced = (mark: string | undefined) =>
      fetchPage(mark).pipe(tap({ subscribe: () => seen.push(`request ${mark ?? 'first'}`) }));
    await lastValueFrom(
      pages(traced).pipe(
        entries(),
        tap((e) => seen.push(E.isRight(e) ? e.right.id : 'left')),
        toArray(),
      ),
    );
    expect(seen).toEqual(['request first', 'o0', 'o1', 'request 2', 'o2', 'o3', 'request 4', 'o4']);
    expect(requests).toEqual([undefined, '2', '4']);
  });

  it('should pass a Left page through as a Left', async () => {
    const page: IndexPage<Doc> = { current: 'c', index: [{ id: 'a', version: 3 }] };
    const flat = await lastValueFrom(
      of<Page[]>(E.right(page), E.left(forbidden)).pipe(entries(), toArray()),
    );
    expect(flat).toEqual([E.right({ id: 'a', version: 3 }), E.left(forbidden)]);
  });

  it("should emit a page's valid entries, then a Left for each invalid one, and go on", async () => {
    const bad = (id: string | undefined) =>
      decodeError({ messages: [`bad ${id ?? '?'}`], ...(id === undefined ? {} : { id }) });
    const first: IndexPage<Doc> = {
      current: 'c',
      index: [
        { id: 'a', version: 1 },
        { id: 'c', version: 1 },
      ],
      invalid: [
        { position: 0, error: bad(undefined) },
        { position: 2, error: bad('b') },
        { position: 4, error: bad('d') },
        { position: 5, error: bad('e') },
      ],
      mark: 'm',
    };
    const second: IndexPage<Doc> = { current: 'c', index: [{ id: 'f', version: 2 }] };
    const flat = await lastValueFrom(
      of<Page[]>(E.right(first), E.right(second)).pipe(entries(), toArray()),
    );
    expect(
      flat.map((e) =>
        E.isRight(e)
          ? e.right.id
          : `left ${e.left._tag === 'DecodeError' ? (e.left.id ?? '?') : ''}`,
      ),
    ).toEqual(['a', 'c', 'left ?', 'left b', 'left d', 'left e', 'f']);
  });
});

describe('prefetchedPages', () => {
  /** Raw pages of `total` objects, `limit` at a time, answered after `delay` frames. */
  const rawBucket = (total: number, limit: number) => {
    const { page } = bucket(total, limit);
    return (mark: string | undefined) => page(mark);
  };

  it('should send the next request when a page arrives, before decoding and emitting it', () => {
    const raw = rawBucket(5, 2);
    const log: string[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const fetchRaw = (mark: string | undefined): Observable<Page> => {
        log.push(`request ${mark ?? 'first'}`);
        return cold('--(p|)', { p: E.right(raw(mark)) });
      };
      const decode = (p: IndexPage<Doc>) => {
        log.push(`decode ${p.index[0]?.id ?? ''}`);
        return E.right(p);
      };
      const ids$ = prefetchedPages(fetchRaw, decode, asyncScheduler).pipe(
        map((p) => (E.isRight(p) ? p.right.index.length : -1)),
      );
      // each page: 2 frames of network; the next request leaves first, then (after a yield of no
      // virtual time) the page is decoded and emitted
      expectObservable(ids$).toBe('--a-b-(c|)', { a: 2, b: 2, c: 1 });
    });
    expect(log).toEqual([
      'request first',
      'request 2',
      'decode o0',
      'request 4',
      'decode o2',
      'decode o4',
    ]);
  });

  it('should decode a page only once the next request went out, as Node writes one: in a tick after a promise job', async () => {
    const raw = rawBucket(6, 2);
    const written = new Set<string>();
    const decodedAfterWrite: boolean[] = [];
    const fetchRaw = (mark: string | undefined): Observable<Page> =>
      new Observable<Page>((subscriber) => {
        const next = raw(mark);
        // as the Node transport: loaded by a promise, then the socket written in a process tick
        void Promise.resolve().then(() => process.nextTick(() => written.add(mark ?? 'first')));
        setTimeout(() => {
          subscriber.next(E.right(next));
          subscriber.complete();
        }, 1);
      });
    const decode = (p: IndexPage<Doc>) => {
      if (p.mark !== undefined) decodedAfterWrite.push(written.has(p.mark));
      return E.right(p);
    };
    const all = await collect(prefetchedPages(fetchRaw, decode));
    expect(all).toHaveLength(3);
    expect(decodedAfterWrite).toEqual([true, true]);
  });

  it('should end with a ProtocolError after a page whose mark was already followed', async () => {
    const { page } = bucket(300, 100);
    const stuck = (mark: string | undefined): Observable<Page> =>
      of(E.right({ ...page(mark), mark: '100' }));
    const all = await collect(prefetchedPages(stuck, (p) => E.right(p)).pipe(take(5)));
    expect(all.map((p) => p._tag)).toEqual(['Right', 'Right', 'Left']);
    expect(expectLeft(all[2] as Page, 'ProtocolError').message).toContain('"100"');
  });

  it('should end with a page that does not decode, cancelling the next request', async () => {
    const raw = rawBucket(6, 2);
    const requested: string[] = [];
    const cancelled: string[] = [];
    const fetchRaw = (mark: string | undefined): Observable<Page> => {
      requested.push(mark ?? 'first');
      return new Observable<Page>((subscriber) => {
        let answered = false;
        const handle = setTimeout(() => {
          answered = true;
          subscriber.next(E.right(raw(mark)));
          subscriber.complete();
        }, 5);
        return () => {
          if (!answered) cancelled.push(mark ?? 'first');
          clearTimeout(handle);
        };
      });
    };
    const all = await collect(prefetchedPages(fetchRaw, () => E.left(forbidden)));
    expect(all).toEqual([E.left(forbidden)]);
    expect(requested).toEqual(['first', '2']);
    expect(cancelled).toEqual(['2']);
  });

  it('should end with a Left raw page', async () => {
    const all = await collect(
      prefetchedPages(
        () => of<Page>(E.left(forbidden)),
        (p: IndexPage<Doc>) => E.right(p),
      ),
    );
    expect(all).toEqual([E.left(forbidden)]);
  });

  it('should abort every request in flight when unsubscribed, the prefetched one included', () => {
    const raw = rawBucket(10, 2);
    const aborted: string[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const fetchRaw = (mark: string | undefined): Observable<Page> =>
        cold('--(p|)', { p: E.right(raw(mark)) }).pipe(
          tap({ unsubscribe: () => aborted.push(mark ?? 'first') }),
        );
      const first$ = prefetchedPages(fetchRaw, (p) => E.right(p), asyncScheduler).pipe(
        take(1),
        map(() => 'x'),
      );
      expectObservable(first$).toBe('--(x|)');
    });
    // the page at mark 2 was requested when the first page arrived, then cancelled with it
    expect(aborted).toEqual(['2']);
  });
});
