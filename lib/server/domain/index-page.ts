/**
 * One page of a reader's index: their live objects (their own and those shared with them),
 * newest-modified first, as `GET {bucket}/index` answers it and as the socket's `i` command
 * sends it. A page is bounded in entries and in bytes (at least one entry); `mark`, the cursor of
 * the next page, is present only when more entries remain; `current` is the newest cv visible to
 * the reader in the bucket, or the zero cursor for an empty bucket.
 */
import type { Storage } from '../storage';
import type { IndexRow } from '../storage/objects';
import { idFor } from './access';
import { BoundedTexts } from './answer-bound';
import { ZERO_CV } from './cv';

/** Default and largest number of entries in a page. */
export const INDEX_LIMIT = { default: 100, max: 1000 } as const;

/** Which page of whose index. */
export interface IndexPageQuery {
  readonly app: string;
  readonly bucket: string;
  readonly user: string;
  /** The previous page's `mark`: only entries after it. */
  readonly mark?: string;
  /** Only objects changed after this cv. */
  readonly since?: string;
  /** Most entries (the caller clamps it to `INDEX_LIMIT.max`). */
  readonly limit: number;
  /** Whether entries carry the object's data as `d`. */
  readonly withData: boolean;
}

/** An entry's JSON text, with the object's data as the JSON text stored. */
const entryText = (user: string, row: IndexRow): string =>
  `{"id":${JSON.stringify(idFor(user, row))},"v":${row.version}` +
  `${row.dataText === null ? '' : `,"d":${row.dataText}`}}`;

/**
 * The JSON text of one index page, `{"current":…,"index":[{"id","v"[,"d"]}…][,"mark":…]}`, at
 * most `query.limit` entries and about `maxBytes` of them (always at least one entry).
 */
export const readIndexPage = (
  storage: Storage,
  query: IndexPageQuery,
  maxBytes: number,
): string => {
  const { app, bucket, user, limit } = query;
  const page = new BoundedTexts({ count: limit, bytes: maxBytes });
  const rows = storage.objects.index({
    app,
    bucket,
    user,
    before: query.mark,
    after: query.since,
    // One more than the page, to tell whether another page follows.
    limit: limit + 1,
    withData: query.withData,
  });
  let mark: string | undefined;
  let more = false;
  for (const row of rows) {
    if (!page.add(entryText(user, row))) {
      more = true;
      break;
    }
    mark = row.key;
  }
  const current = storage.changes.latestForUser(app, bucket, user) ?? ZERO_CV;
  const tail = more && mark !== undefined ? `,"mark":"${mark}"` : '';
  return `{"current":"${current}","index":${page.json()}${tail}}`;
};
