import fc from 'fast-check';
import type { JsonObject } from '../../../lib/jsondiff/types';
import { HttpFailure } from '../../../lib/server/domain/failure';
import { postObject } from '../../../lib/server/domain/post-object';
import { openStorage, type Storage } from '../../../lib/server/storage';

const OWNER = 'a'.repeat(32);
const ref = { app: 'app', bucket: 'bucket', owner: OWNER, objectId: 'doc' };
const access = { ref, reader: OWNER, isOwner: true, canWrite: true };

const post = (storage: Storage, data: JsonObject, baseVersion?: number, replace = false) =>
  postObject(storage, access, { data, baseVersion, replace, clientid: 'spec' });

describe('postObject', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openStorage(':memory:');
  });
  afterEach(() => storage.close());

  it('should merge concurrent text edits made against the same version', () => {
    post(storage, { a: 'b' });
    expect(post(storage, { a: 'bc' }, 1)).toMatchObject({ version: 2, data: { a: 'bc' } });
    expect(post(storage, { a: 'bd' }, 1)).toMatchObject({ version: 3, data: { a: 'bcd' } });
  });

  it('should keep keys an old-version edit did not touch as they are now', () => {
    post(storage, { title: 'x', n: 1, tags: ['a'] });
    post(storage, { n: 2, tags: ['a', 'b'] }, 1);
    expect(post(storage, { title: 'xy' }, 1).data).toEqual({ title: 'xy', n: 2, tags: ['a', 'b'] });
  });

  it('should roll back everything when it fails', () => {
    post(storage, { a: 1 });
    expect(() => post(storage, { a: 1 })).toThrow(HttpFailure);
    expect(() => post(storage, { a: 2 }, 9)).toThrow(HttpFailure);
    expect(storage.objects.head(ref)?.version).toBe(1);
    expect([...storage.changes.forUser('app', 'bucket', OWNER, '0'.repeat(24), 100)]).toHaveLength(
      1,
    );
  });

  it('should only ever succeed or fail with an expected status, whatever edits arrive at whatever versions', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 4 }),
      fc.dictionary(
        fc.constantFrom('x', 'y', 'z'),
        fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
        {
          maxKeys: 3,
        },
      ),
    );
    const doc = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 });
    const edit = fc.record({
      data: doc,
      back: fc.nat(4),
      replace: fc.boolean(),
      pinned: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const local = openStorage(':memory:');
        try {
          for (const e of edits) {
            const head = local.objects.head(ref);
            const base = e.pinned && head ? Math.max(1, head.version - e.back) : undefined;
            try {
              const result = post(local, e.data, base, e.replace);
              expect(result.version).toBe((head?.version ?? 0) + 1);
              expect(local.objects.head(ref)?.data).toEqual(result.data);
              if (base === undefined || base === head?.version) {
                expect(result.data).toEqual(
                  e.replace ? e.data : { ...(head?.data ?? {}), ...e.data },
                );
              }
            } catch (err) {
              if (!(err instanceof HttpFailure)) throw err;
              expect([400, 412]).toContain(err.status);
            }
          }
        } finally {
          local.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
