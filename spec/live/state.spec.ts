import fc from 'fast-check';
import * as t from 'io-ts';
import type { Change } from '../../lib/codecs/change';
import * as E from '../../lib/either';
import { decodeError, type SimperiumError } from '../../lib/errors';
import { DocumentTable } from '../../lib/live/document-table';
import {
  applyChanges,
  fromStored,
  initialState,
  objectsOf,
  toStored,
  toView,
  withAnswer,
  withConfirmed,
  withFetched,
  withPending,
  type Confirmed,
} from '../../lib/live/state';

const Todo = t.type({ text: t.string });
type Todo = t.TypeOf<typeof Todo>;

const confirmed = (docs: Record<string, [number, object]>, cv = 'cv0'): Confirmed => ({
  cv,
  table: DocumentTable.of(
    Object.entries(docs).map(([id, [version, data]]) => [id, { data: data as never, version }]),
  ),
});

const change = (
  c: Partial<Change<unknown>> & { id: string },
): E.Either<SimperiumError, Change<unknown>> => E.right({ cv: 'cvX', o: 'M', ...c });

const state = (c: Confirmed) => withConfirmed(initialState<Todo>(), Todo, c, 'live');

describe('applyChanges', () => {
  const base = confirmed({ a: [1, { text: 'hello' }] });

  it('should apply a change made on the version held, and skip one already held', () => {
    const applied = applyChanges(
      base,
      [
        change({ id: 'a', sv: 1, ev: 2, v: { text: { o: 'd', v: '=5\t+!' } }, ccids: ['k1'] }),
        change({ id: 'a', sv: 1, ev: 2, v: { text: { o: 'r', v: 'stale repeat' } } }),
      ],
      'cv2',
    );
    expect(applied.confirmed.table.documents.get('a')).toEqual({ text: 'hello!' });
    expect(applied.confirmed.table.versions.get('a')).toBe(2);
    expect(applied.confirmed.cv).toBe('cv2');
    expect([...applied.touched]).toEqual(['a']);
    expect([...applied.stale]).toEqual([]);
    expect([...applied.ccids]).toEqual(['k1']);
    expect(base.table.documents.get('a')).toEqual({ text: 'hello' }); // unchanged
  });

  it('should create an object from a change without sv, and drop one deleted', () => {
    const applied = applyChanges(
      base,
      [
        change({ id: 'b', ev: 1, v: { text: { o: '+', v: 'new' } } }),
        change({ id: 'a', o: '-', ev: 2 }),
      ],
      'cv3',
    );
    expect(applied.confirmed.table.documents.get('b')).toEqual({ text: 'new' });
    expect(applied.confirmed.table.documents.has('a')).toBe(false);
    expect(applied.confirmed.table.versions.has('a')).toBe(false);
  });

  it('should mark stale an object whose base version is not held, or whose diff does not apply, and leave its later changes to the read', () => {
    const applied = applyChanges(
      base,
      [
        change({ id: 'a', sv: 5, ev: 6, v: {} }),
        change({ id: 'a', sv: 6, ev: 7, v: {} }),
        change({ id: 'c', sv: 1, ev: 2, v: {} }),
        change({ id: 'd', ev: 1, v: { text: { o: 'd', v: '=99' } } }),
        E.left(decodeError({ messages: ['bad'], id: 'e' })),
        E.left(decodeError({ messages: ['no id'] })),
      ],
      undefined,
    );
    expect([...applied.stale].sort()).toEqual(['a', 'c', 'd', 'e']);
    expect(applied.confirmed.table.versions.get('a')).toBe(1);
    expect(applied.confirmed.cv).toBe('cv0');
  });
});

describe('withFetched', () => {
  const base = confirmed({ a: [3, { text: 'v3' }] });

  it('should take a newer read, keep a newer held version, and drop an object that is gone', () => {
    expect(
      withFetched(base, 'a', { version: 4, data: { text: 'v4' } }).table.documents.get('a'),
    ).toEqual({
      text: 'v4',
    });
    expect(withFetched(base, 'a', { version: 2, data: { text: 'v2' } })).toBe(base);
    expect(withFetched(base, 'a', undefined).table.documents.has('a')).toBe(false);
  });
});

describe('local writes', () => {
  const base = state(confirmed({ a: [1, { text: 'x', other: 1 } as object] }));

  it('should show a merge, a replace, a delete and a creation at once, in order', () => {
    let s = withPending(base, Todo, { ccid: 'k1', id: 'a', kind: 'merge', data: { text: 'y' } });
    expect(objectsOf(s).get('a')).toEqual({ text: 'y', other: 1 });
    s = withPending(s, Todo, { ccid: 'k2', id: 'n', kind: 'merge', data: { text: 'new' } });
    expect(objectsOf(s).get('n')).toEqual({ text: 'new' });
    s = withPending(s, Todo, { ccid: 'k3', id: 'a', kind: 'delete' });
    expect(objectsOf(s).has('a')).toBe(false);
    s = withPending(s, Todo, { ccid: 'k4', id: 'a', kind: 'replace', data: { text: 'z' } });
    expect(objectsOf(s).get('a')).toEqual({ text: 'z' });
    expect(toView(s).pending).toBe(4);
  });

  it('should roll back a write that failed, and drop one that changed nothing', () => {
    const s = withPending(base, Todo, { ccid: 'k1', id: 'a', kind: 'merge', data: { text: 'y' } });
    expect(objectsOf(withAnswer(s, Todo, 'k1', undefined)).get('a')).toEqual({
      text: 'x',
      other: 1,
    });
    expect(withAnswer(s, Todo, 'k1', { changed: false }).pending).toEqual([]);
    expect(withAnswer(s, Todo, 'unknown', undefined)).toBe(s);
  });

  it('should drop a write answered without a version (a repeated ccid: applied before, nothing changed now)', () => {
    const s = withPending(base, Todo, { ccid: 'k1', id: 'a', kind: 'merge', data: { text: 'y' } });
    expect(objectsOf(s).get('a')).toEqual({ text: 'y', other: 1 });
    const repeated = withAnswer(s, Todo, 'k1', { changed: true });
    expect(toView(repeated).pending).toBe(0);
    expect(objectsOf(repeated).get('a')).toEqual({ text: 'x', other: 1 });
    // The feed, which carried that ccid before, carries later changes: they show.
    const later = withConfirmed(
      repeated,
      Todo,
      confirmed({ a: [3, { text: 'theirs' }] }),
      'live',
      new Set(),
      ['a'],
    );
    expect(objectsOf(later).get('a')).toEqual({ text: 'theirs' });
  });

  it('should keep an answered write shown until the server state holds it, by ccid or by version', () => {
    let s = withPending(base, Todo, { ccid: 'k1', id: 'a', kind: 'merge', data: { text: 'y' } });
    s = withAnswer(s, Todo, 'k1', { version: 2, changed: true });
    expect(toView(s).pending).toBe(1);
    const byVersion = withConfirmed(
      s,
      Todo,
      confirmed({ a: [2, { text: 'merged' }] }),
      'live',
      new Set(),
      ['a'],
    );
    expect(toView(byVersion).pending).toBe(0);
    expect(objectsOf(byVersion).get('a')).toEqual({ text: 'merged' });
    const unanswered = withPending(base, Todo, {
      ccid: 'k9',
      id: 'a',
      kind: 'merge',
      data: { text: 'q' },
    });
    const byCcid = withConfirmed(
      unanswered,
      Todo,
      confirmed({ a: [2, { text: 'server' }] }),
      'live',
      new Set(['k9']),
      ['a'],
    );
    expect(toView(byCcid).pending).toBe(0);
    expect(objectsOf(byCcid).get('a')).toEqual({ text: 'server' });
  });
});

describe('withConfirmed', () => {
  it('should put documents the codec refuses in invalid, with their id, and out of objects', () => {
    const s = state(confirmed({ good: [1, { text: 'ok' }], bad: [1, { text: 5 }] }));
    expect([...objectsOf(s).keys()]).toEqual(['good']);
    expect(s.invalid.get('bad')).toMatchObject({ _tag: 'DecodeError', id: 'bad' });
    const fixed = withConfirmed(
      s,
      Todo,
      confirmed({ good: [1, { text: 'ok' }], bad: [2, { text: 'now' }] }),
      'live',
    );
    expect(fixed.invalid.size).toBe(0);
    expect(objectsOf(fixed).get('bad')).toEqual({ text: 'now' });
  });

  it('should drop objects the new server state no longer has when replacing it whole', () => {
    const s = state(confirmed({ a: [1, { text: 'a' }], b: [1, { text: 'b' }] }));
    expect([
      ...objectsOf(withConfirmed(s, Todo, confirmed({ b: [2, { text: 'b2' }] }), 'live')).keys(),
    ]).toEqual(['b']);
  });
});

describe('stored views', () => {
  it('should round-trip the server state through its stored form', () => {
    const c = confirmed({ a: [2, { text: 'x' }], __proto__: [1, { text: 'p' }] }, 'cv7');
    const stored = toStored({ ...c, cv: 'cv7' });
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    const back = fromStored(stored);
    expect(back.cv).toBe('cv7');
    expect(new Map(back.table.documents)).toEqual(new Map(c.table.documents));
    expect(new Map(back.table.versions)).toEqual(new Map(c.table.versions));
  });
});

describe('the objects a state shows', () => {
  it('should count and list the same objects however writes, answers and server states interleave', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd');
    const doc = fc.oneof(
      fc.record({ text: fc.string({ maxLength: 3 }) }),
      fc.constant({ text: 1 }),
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant('server' as const), docs: fc.dictionary(id, doc) }),
      fc.record({
        kind: fc.constant('write' as const),
        id,
        write: fc.constantFrom('merge' as const, 'replace' as const, 'delete' as const),
        data: doc,
      }),
      fc.record({ kind: fc.constant('answer' as const), failed: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let s = state(confirmed({}));
        let n = 0;
        let version = 1;
        for (const st of steps) {
          if (st.kind === 'server') {
            const docs = Object.fromEntries(
              Object.entries(st.docs).map(([k, d]) => [k, [version++, d] as [number, object]]),
            );
            s = withConfirmed(s, Todo, confirmed(docs), 'live');
          } else if (st.kind === 'write') {
            s = withPending(s, Todo, {
              ccid: `k${n++}`,
              id: st.id,
              kind: st.write,
              ...(st.write === 'delete' ? {} : { data: st.data as never }),
            });
          } else if (s.pending.length > 0) {
            s = withAnswer(s, Todo, s.pending[0]!.ccid, st.failed ? undefined : { changed: false });
          }
          const shown = objectsOf(s);
          const listed = [...shown];
          expect(shown.size).toBe(listed.length);
          for (const [k, v] of listed) {
            expect(shown.get(k)).toBe(v);
            expect(Todo.is(v)).toBe(true);
            expect(s.invalid.has(k)).toBe(false);
          }
          for (const k of ['a', 'b', 'c', 'd'])
            expect(shown.has(k)).toBe(listed.some(([l]) => l === k));
        }
      }),
    );
  });
});
