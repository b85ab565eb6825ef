/**
 * Awaiting what an Observable emits, without timers.
 */
import { lastValueFrom, toArray, type Observable } from 'rxjs';

/** Every value `obs$` emits, once it completes (rejects if it errors). */
export const collect = <T>(obs$: Observable<T>): Promise<T[]> =>
  lastValueFrom(obs$.pipe(toArray()));

/** The only value `obs$` emits before completing; fails when it emits zero or several. */
export const single = async <T>(obs$: Observable<T>): Promise<T> => {
  const values = await collect(obs$);
  if (values.length !== 1) throw new Error(`expected exactly one value, got ${values.length}`);
  return values[0] as T;
};
