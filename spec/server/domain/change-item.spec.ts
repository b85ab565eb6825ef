import type { JsonObject } from '../../../lib/jsondiff/types';
import {
  HTTP_DIALECT,
  applyChangeItem,
  type ChangeDialect,
} from '../../../lib/server/domain/change-item';
import type { CommittedChange } from '../../../lib/server/domain/subscribers';
import { openStorage, type Storage } from '../../../lib/server/storage';

const OWNER = 'a'.repeat(32);
const scope = { app: 'app', bucket: 'bucket', reader: OWNER, clientid: 'c' };
const SOCKET: ChangeDialect = { deletedAgain: 412, unwrapGhost: true };

describe('applyChangeItem', () => {
  let storage: Storage;
  let committed: CommittedChange[];
  beforeEach(() => {
    storage = openStorage(':memory:');
    committed = [];
  });
  afterEach(() => storage.close());

  const apply = (item: JsonObject, dialect: ChangeDialect = HTTP_DIALECT) =>
    storage.transaction(() => applyChangeItem(storage, scope, item, committed, dialect));
  const code = (item: JsonObject, dialect?: ChangeDialect) => {
    const result = apply(item, dialect);
    return 'error' in result ? result.error : result.ev;
  };
  const data = (id: string) => storage.objects.head({ ...scope, owner: OWNER, objectId: id })?.data;
  const text = (v: string) => ({ t: { o: '+', v } });

  it('should answer a deletion of a deleted object 404 over HTTP and 412 on the socket', () => {
    expect(code({ id: 'x', o: 'M', v: text('a'), ccid: 'c1' })).toBe(1);
    expect(code({ id: 'x', o: '-', ccid: 'c2' })).toBe(2);
    expect(code({ id: 'x', o: '-', ccid: 'c3' })).toBe(404);
    expect(code({ id: 'x', o: '-', ccid: 'c4' }, SOCKET)).toBe(412);
    expect(code({ id: 'never', o: '-', ccid: 'c5' }, SOCKET)).toBe(404);
    expect(committed).toHaveLength(2);
  });

  it('should set d when v cannot be applied, rebased from sv when that version is known', () => {
    code({ id: 'x', o: 'M', v: { t: { o: '+', v: 'ab' } }, ccid: 'c1' });
    code({ id: 'x', o: 'M', sv: 1, v: { n: { o: '+', v: 1 } }, ccid: 'c2' });
    // A delta that does not fit the text (440), with the whole object made at version 1.
    const bad = { t: { o: 'd', v: '=9\t+z' } };
    expect(code({ id: 'x', o: 'M', sv: 1, v: bad, d: { t: 'abz' }, ccid: 'c3' })).toBe(3);
    expect(data('x')).toEqual({ t: 'abz', n: 1 });
    expect(code({ id: 'x', o: 'M', sv: 1, v: bad, ccid: 'c4' })).toBe(440);
  });

  it('should set d on the current version when sv is unknown, and create a missing object', () => {
    code({ id: 'x', o: 'M', v: text('a'), ccid: 'c1' });
    expect(code({ id: 'x', o: 'M', sv: 9, v: text('b'), d: { t: 'd' }, ccid: 'c2' })).toBe(2);
    expect(data('x')).toEqual({ t: 'd' });
    expect(code({ id: 'y', o: 'M', sv: 3, v: text('b'), d: { t: 'y' }, ccid: 'c3' })).toBe(1);
    expect(data('y')).toEqual({ t: 'y' });
  });

  it('should not fall back to d for a repeated ccid or an empty change', () => {
    code({ id: 'x', o: 'M', v: text('a'), ccid: 'c1' });
    expect(code({ id: 'x', o: 'M', v: text('b'), d: { t: 'z' }, ccid: 'c1' })).toBe(409);
    expect(code({ id: 'x', o: 'M', sv: 1, v: text('a'), d: { t: 'z' }, ccid: 'c2' })).toBe(412);
    expect(data('x')).toEqual({ t: 'a' });
  });

  it("should read node-simperium's {version, data} as the data at that version on the socket only", () => {
    code({ id: 'x', o: 'M', v: text('a'), ccid: 'c1' });
    code({ id: 'x', o: 'M', sv: 1, v: { n: { o: '+', v: 1 } }, ccid: 'c2' });
    const ghost = { version: 1, data: { t: 'a', k: true } };
    expect(
      code({ id: 'x', o: 'M', sv: 1, v: { t: { o: 'd', v: '=9' } }, d: ghost, ccid: 'c3' }, SOCKET),
    ).toBe(3);
    expect(data('x')).toEqual({ t: 'a', k: true, n: 1 });
    expect(code({ id: 'y', o: 'M', d: ghost, ccid: 'c4' })).toBe(1);
    expect(data('y')).toEqual(ghost);
    const notGhost = { version: 'one', data: { t: 'b' } };
    expect(code({ id: 'z', o: 'M', d: notGhost, ccid: 'c5' }, SOCKET)).toBe(1);
    expect(data('z')).toEqual(notGhost);
    // Without a diff beside it, a `d` is the object, even one shaped like a ghost.
    expect(code({ id: 'w', o: 'M', d: ghost, ccid: 'c6' }, SOCKET)).toBe(1);
    expect(data('w')).toEqual(ghost);
  });

  it('should answer 400 for a malformed change and 404 for an object the reader cannot see', () => {
    expect(apply({ id: 'x', o: 'X', ccid: 'c1' })).toEqual({
      id: 'x',
      ccids: ['c1'],
      clientid: 'c',
      error: 400,
    });
    expect(
      code({ id: 'x', o: 'M', v: text('a'), d: [] as unknown as JsonObject, ccid: 'c2' }),
    ).toBe(400);
    expect(code({ id: `${'b'.repeat(32)}/x`, o: 'M', v: text('a'), ccid: 'c3' })).toBe(404);
  });
});
