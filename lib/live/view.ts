/**
 * A live view: a bucket's current state, kept current. It reads the index (or resumes from a
 * store), follows the change feed from there, reads again what it cannot apply, shows local
 * writes at once, and saves its state as it goes.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import {
  EMPTY,
  Observable,
  Subscription,
  asyncScheduler,
  concatMap,
  defer,
  finalize,
  forkJoin,
  from,
  map,
  of,
  reduce,
  tap,
} from 'rxjs';
import * as check from '../arguments.js';
import { ParsedJsonObject } from '../codecs/json-object.js';
import * as E from '../either.js';
import { getObject$ } from '../endpoints/get-object.js';
import { isHttpError, isUnknownCursorError, type SimperiumError } from '../errors.js';
import type { JsonObject } from '../jsondiff/types.js';
import type { ObservableEither } from '../observable-either.js';
import { changeAnswers } from '../streams/feeds.js';
import { indexPages } from '../streams/index-listing.js';
import type { Answer } from '../streams/long-poll.js';
import type { ApiContext, WriteNotice, WriteWatcher } from '../transport/context.js';
import { isRetryable } from '../transport/retry.js';
import { heldState, holdState } from './memory-store.js';
import type { Held } from './document-table.js';
import {
  applyChanges,
  emptyConfirmed,
  fromStored,
  initialState,
  toStored,
  toView,
  withAnswer,
  withConfirmed,
  withFetched,
  withPending,
  type Confirmed,
  type ViewState,
} from './state.js';
import { isStoredView } from './stored-view.js';
import type { LiveOptions, LiveStore, LiveView } from './types.js';
import type { Change } from '../codecs/change.js';

/** How long a request must stay unanswered after a failure before the view says `live` again. */
const SETTLED_AFTER = 2000;

const DEFAULT_SAVE_INTERVAL = 1000;

/** What a live view needs besides its options: where it saves, under which key. */
export interface ViewSetup extends LiveOptions {
  readonly store: LiveStore;
  readonly storeKey: string;
}

/**
 * A body as the server will get it: through `JSON.stringify`, as the request sends it (keys left
 * `undefined` dropped, dates as text, `toJSON` applied), so the view shows what the server will
 * store. `null` for a body that cannot be sent (the write will fail without a request).
 */
const sent = (body: unknown): JsonObject | undefined | null => {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(body)) as JsonObject;
  } catch {
    return null;
  }
};

/** The write to one of this bucket's objects that a notice describes, if it is one. */
const localWrite = (bucket: string, write: WriteNotice) => {
  const [name, kind, id, ...rest] = write.path;
  // bucket names are case-insensitive on the server
  if (name?.toLowerCase() !== bucket.toLowerCase() || kind !== 'i' || id === undefined)
    return undefined;
  if (rest[0] === 'share') return undefined;
  const body = sent(write.body);
  if (body === null) return undefined;
  return write.method === 'DELETE'
    ? { ccid: write.ccid, id, kind: 'delete' as const }
    : {
        ccid: write.ccid,
        id,
        kind: write.replace ? ('replace' as const) : ('merge' as const),
        data: body ?? {},
      };
};

/**
 * The live view of `bucket` (see `Bucket.live$` for the contract): emits `Right(view)` for each
 * state, and one `Left` then completes when the server refuses the credentials (HTTP 401 or 403
 * on the feed) or an option is invalid. Nothing is sent before subscribe; unsubscribing aborts the
 * requests in flight, stops showing local writes and saves the state at once.
 */
export const liveView$ = <A>(
  ctx: ApiContext,
  bucket: string,
  codec: t.Decoder<unknown, A>,
  setup: ViewSetup,
): ObservableEither<SimperiumError, LiveView<A>> =>
  new Observable<E.Either<SimperiumError, LiveView<A>>>((subscriber) => {
    const interval = check.duration('saveInterval', setup.saveInterval, true);
    if (E.isLeft(interval)) {
      subscriber.next(interval);
      subscriber.complete();
      return undefined;
    }
    const scheduler = setup.scheduler ?? asyncScheduler;
    const subscription = new Subscription();
    let state: ViewState<A> = initialState<A>();
    const emit = (): void => {
      if (!subscriber.closed) subscriber.next(E.right(toView(state)));
    };
    const end = (error: SimperiumError): void => {
      subscriber.next(E.left(error));
      subscriber.complete();
    };
    const setStatus = (status: ViewState<A>['status']): void => {
      if (state.status === status) return;
      state = { ...state, status };
      emit();
    };

    /* Saving: at most `saveInterval` behind the view, and at once on teardown. */
    let saved: Confirmed | undefined;
    let saving: Subscription | undefined;
    const save = (): void => {
      saving = undefined;
      const confirmed = state.confirmed;
      if (confirmed === saved || confirmed.cv === undefined) return;
      saved = confirmed;
      const snapshot = { ...confirmed, cv: confirmed.cv };
      if (holdState(setup.store, setup.storeKey, snapshot)) return; // a memory store: no copy
      setup.store.save(setup.storeKey, toStored(snapshot)).catch(() => {
        saved = undefined; // a failed save is tried again with the next change
      });
    };
    const scheduleSave = (): void => {
      saving ??= scheduler.schedule(save, setup.saveInterval ?? DEFAULT_SAVE_INTERVAL);
    };
    const confirm = (
      confirmed: Confirmed,
      ccids?: ReadonlySet<string>,
      ids?: Iterable<string>,
    ): void => {
      state = withConfirmed(
        state,
        codec,
        confirmed,
        state.status === 'loading' ? 'loading' : 'live',
        ccids,
        ids,
      );
      emit();
      scheduleSave();
    };

    /* Local writes: shown at once, settled on the server's answer, confirmed by the feed. */
    const watcher: WriteWatcher = (notice, result$) => {
      const write = localWrite(bucket, notice);
      if (write === undefined) return result$;
      return defer(() => {
        let answered = false;
        state = withPending(state, codec, write);
        emit();
        const settle = (answer: { version?: number; changed?: boolean } | undefined): void => {
          answered = true;
          const before = state;
          state = withAnswer(state, codec, write.ccid, answer);
          if (state !== before) emit();
        };
        return result$.pipe(
          tap((result) => settle(E.isRight(result) ? (result.right as object) : undefined)),
          finalize(() => {
            if (!answered) settle(undefined);
          }),
        );
      });
    };
    ctx.writeWatchers?.add(watcher);
    subscription.add(() => ctx.writeWatchers?.delete(watcher));

    /* Reading one object again: its latest version, or none (gone, or no longer shared). */
    const fetchContext: ApiContext = {
      ...ctx,
      retry: { ...ctx.retry, count: Infinity, ...setup.retry },
    };
    const fetch$ = (id: string) =>
      getObject$(fetchContext, bucket, ParsedJsonObject, id).pipe(
        map((result) => {
          if (E.isRight(result))
            return { id, fetched: result.right as { version: number; data: JsonObject } };
          if (isHttpError(result.left) && result.left.status === 401)
            return { id, failure: result.left };
          return { id, fetched: undefined };
        }),
      );

    /** Applies one answer of the feed, reading stale objects again first; emits once. */
    const applyAnswer$ = (
      answer: Answer<Change<unknown>>,
    ): Observable<SimperiumError | undefined> => {
      if (answer.changes.length === 0) {
        if (answer.cv !== state.confirmed.cv && answer.cv !== undefined)
          confirm({ ...state.confirmed, cv: answer.cv });
        return EMPTY;
      }
      const applied = applyChanges(state.confirmed, answer.changes, answer.cv);
      if (applied.stale.size === 0) {
        confirm(applied.confirmed, applied.ccids, applied.touched);
        return EMPTY;
      }
      return forkJoin([...applied.stale].map(fetch$)).pipe(
        map((results) => {
          let confirmed = applied.confirmed;
          for (const result of results) {
            if ('failure' in result && result.failure !== undefined) return result.failure;
            confirmed = withFetched(confirmed, result.id, result.fetched);
          }
          confirm(confirmed, applied.ccids, [...applied.touched, ...applied.stale]);
          return undefined;
        }),
      );
    };

    /* Following the feed from the confirmed cursor; re-indexing when the cursor is unknown. */
    let settledTimer: Subscription | undefined;
    const follow = (): void => {
      const feed$ = changeAnswers(
        ctx,
        bucket,
        ParsedJsonObject,
        {
          ...(state.confirmed.cv === undefined ? {} : { cv: state.confirmed.cv }),
          ...(setup.pollWindow === undefined ? {} : { pollWindow: setup.pollWindow }),
          ...(setup.retry === undefined ? {} : { retry: setup.retry }),
        },
        {
          onRetry: () => {
            settledTimer?.unsubscribe();
            setStatus('reconnecting');
          },
          onPoll: () => {
            if (state.status !== 'reconnecting') return;
            settledTimer?.unsubscribe();
            settledTimer = scheduler.schedule(() => setStatus('live'), SETTLED_AFTER);
            subscription.add(settledTimer);
          },
        },
      );
      subscription.add(
        feed$
          .pipe(
            concatMap((answer) => {
              if (E.isLeft(answer)) return of(answer.left);
              settledTimer?.unsubscribe();
              if (state.status === 'reconnecting') state = { ...state, status: 'live' };
              return applyAnswer$(answer.right);
            }),
          )
          .subscribe((failure) => {
            if (failure === undefined) return;
            if (isUnknownCursorError(failure)) reindex();
            else end(failure);
          }),
      );
      setStatus('live');
    };

    /* Reading the whole index, then following from the first page's cursor. */
    const reindex = (): void => {
      if (state.status === 'loading') emit();
      else setStatus('loading');
      subscription.add(
        indexPages(ctx, bucket, ParsedJsonObject, {
          data: true,
          ...(setup.pageSize === undefined ? {} : { limit: setup.pageSize }),
          retry: { ...ctx.retry, count: Infinity, ...setup.retry },
        })
          .pipe(
            reduce((acc: E.Either<SimperiumError, Confirmed>, page) => {
              if (E.isLeft(acc)) return acc;
              if (E.isLeft(page)) return page;
              const { current, index } = page.right;
              const held = index.map((e): [string, Held | undefined] => [
                e.id,
                e.data === undefined ? undefined : { data: e.data, version: e.version },
              ]);
              return E.right({
                cv: acc.right.cv ?? current,
                table: acc.right.table.with(held),
              });
            }, E.right<SimperiumError, Confirmed>(emptyConfirmed)),
          )
          .subscribe((result) => {
            if (E.isLeft(result)) {
              if (isRetryable(result.left)) reindex();
              else end(result.left);
              return;
            }
            state = withConfirmed(state, codec, result.right, 'loading');
            scheduleSave();
            follow();
          }),
      );
    };

    /* Start: from the store's snapshot when it has one (emitted first, as it is), else the index. */
    const load = async (): Promise<Confirmed | undefined> => {
      const held = heldState(setup.store, setup.storeKey);
      if (held !== undefined) return held;
      let stored: unknown;
      try {
        stored = await setup.store.load(setup.storeKey);
      } catch {
        return undefined; // a store that fails to load is read as empty
      }
      return isStoredView(stored) ? fromStored(stored) : undefined;
    };
    subscription.add(
      from(load()).subscribe((loaded) => {
        if (loaded !== undefined) {
          saved = loaded;
          state = withConfirmed(state, codec, saved, 'loading');
          emit();
          follow();
        } else {
          reindex();
        }
      }),
    );

    return () => {
      subscription.unsubscribe();
      saving?.unsubscribe();
      save();
    };
  });
