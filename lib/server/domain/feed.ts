/**
 * Reading the change feeds: one user's changes (`changes`) and every user's (`all`, for the
 * admin), after a cv, oldest first, as the JSON texts of one bounded answer (see
 * `answer-bound.ts`). The same collection serves the changes read from storage and the changes
 * just committed that wake a held request, so both answer alike.
 */
import type { Storage } from '../storage';
import type { StoredChange } from '../storage/changes';
import { idFor } from './access';
import { BoundedTexts, type AnswerBound } from './answer-bound';
import { mostRecentOnly, wireText } from './wire';

/** Most changes in one `changes` answer. */
export const CHANGES_PER_ANSWER = 100;

/** Whose changes, after which cv. */
export interface FeedQuery {
  readonly app: string;
  readonly bucket: string;
  readonly after: string;
}

/** The admin feed's options (`all`). */
export interface AllQuery extends FeedQuery {
  /** Client ids whose changes are left out. */
  readonly skip: ReadonlyArray<string>;
  /** Add `d`, the object's latest data. */
  readonly withData: boolean;
  /** Add `username`, the author's. */
  readonly withUsername: boolean;
  /** Keep only the newest change of each object within the answer. */
  readonly mostRecent: boolean;
}

/** The answer's texts for `user`'s view of `changes` (already filtered to what they may see). */
export const collectUserChanges = (
  changes: Iterable<StoredChange>,
  user: string,
  bound: AnswerBound,
): string[] => {
  const out = new BoundedTexts(bound);
  for (const change of changes) {
    if (!out.add(wireText(change, idFor(user, change)))) break;
  }
  return out.texts;
};

/** Looks up what `all` adds to changes: each object's latest data, each author's name. */
export interface AllExtras {
  /** The latest data (JSON text) of the change's object; `null` once it is deleted. */
  dataText(change: StoredChange): string | null | undefined;
  username(author: string): string | undefined;
}

/** The answer's texts for the admin feed over `changes` (already filtered by cv and client). */
export const collectAllChanges = (
  changes: Iterable<StoredChange>,
  query: AllQuery,
  bound: AnswerBound,
  extras: AllExtras,
): string[] => {
  const out = new BoundedTexts(bound);
  const ids: Array<{ id: string; text: string }> = [];
  for (const change of changes) {
    const id = `${change.owner}/${change.objectId}`;
    const text = wireText(change, id, {
      ...(query.withData ? { dataText: extras.dataText(change) } : {}),
      ...(query.withUsername ? { username: extras.username(change.author) } : {}),
    });
    if (!out.add(text)) break;
    ids.push({ id, text });
  }
  return query.mostRecent ? mostRecentOnly(ids).map((item) => item.text) : out.texts;
};

/** Memoises `f` by its string argument, for the lookups of one answer. */
const memo = <A>(f: (key: string) => A): ((key: string) => A) => {
  const cache = new Map<string, A>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as A;
    const value = f(key);
    cache.set(key, value);
    return value;
  };
};

/** `all`'s extras read from storage: each object's data and each author's name once per answer. */
export const storedExtras = (storage: Storage, app: string): AllExtras => {
  const data = new Map<string, string | null | undefined>();
  return {
    dataText: (change) => {
      const key = `${change.owner}/${change.objectId}`;
      if (!data.has(key)) data.set(key, storage.objects.headText(change)?.dataText);
      return data.get(key);
    },
    username: memo((author) => storage.users.findById(app, author)?.username),
  };
};

/** The texts of `user`'s changes after `query.after`, read from storage, oldest first. */
export const readUserChanges = (
  storage: Storage,
  query: FeedQuery & { readonly user: string },
  bound: AnswerBound,
): string[] =>
  collectUserChanges(
    storage.changes.forUser(query.app, query.bucket, query.user, query.after, bound.count),
    query.user,
    bound,
  );

/** The texts of every user's changes after `query.after`, read from storage, oldest first. */
export const readAllChanges = (storage: Storage, query: AllQuery, bound: AnswerBound): string[] =>
  collectAllChanges(
    storage.changes.forAll(query.app, query.bucket, query.after, bound.count, query.skip),
    query,
    bound,
    storedExtras(storage, query.app),
  );
