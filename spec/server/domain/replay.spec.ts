import { applyChangeBatch } from '../../../lib/server/domain/change-batch';
import { ZERO_CV } from '../../../lib/server/domain/cv';
import { isKnownCv, replayUserChanges } from '../../../lib/server/domain/replay';
import { openStorage, type Storage } from '../../../lib/server/storage';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);

describe('replayUserChanges', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openStorage(':memory:');
  });
  afterEach(() => storage.close());

  const write = (reader: string, ids: string[], size = 1) =>
    applyChangeBatch(
      storage,
      { app: 'app', bucket: 'b', reader, clientid: 'c' },
      ids.map((id) => ({ id, o: 'M', v: { t: { o: '+', v: 'x'.repeat(size) } } })),
    ).committed.map((c) => c.cv);
  const replay = (after: string, count: number, bytes = 1 << 20) => [
    ...replayUserChanges(
      storage,
      { app: 'app', bucket: 'b', user: ALICE, after },
      { count, bytes },
    ),
  ];

  it("should give every change of the user's after the cv, oldest first, in bounded pages", () => {
    const cvs = write(ALICE, ['a', 'b', 'c', 'd', 'e']);
    write(BOB, ['z']);
    const pages = replay(cvs[0] as string, 2);
    expect(pages.map((page) => page.map((c) => c.cv))).toEqual([cvs.slice(1, 3), cvs.slice(3, 5)]);
    expect(JSON.parse(pages[0]?.[0]?.text ?? '')).toMatchObject({ id: 'b', cv: cvs[1], ev: 1 });
  });

  it('should cut pages by bytes too, one change at least', () => {
    const cvs = write(ALICE, ['a', 'b', 'c'], 300);
    expect(replay(ZERO_CV, 10, 500).map((page) => page.map((c) => c.cv))).toEqual(
      cvs.map((cv) => [cv]),
    );
  });

  it('should give no page when the user is up to date', () => {
    const cvs = write(ALICE, ['a']);
    expect(replay(cvs[0] as string, 10)).toEqual([]);
  });
});

describe('isKnownCv', () => {
  it('should accept the zero cursor and the cvs the bucket issued, and nothing else', () => {
    const storage = openStorage(':memory:');
    try {
      const [cv] = applyChangeBatch(
        storage,
        { app: 'app', bucket: 'b', reader: ALICE, clientid: 'c' },
        [{ id: 'a', o: 'M', v: {} }],
      ).committed.map((c) => c.cv);
      expect(isKnownCv(storage, 'app', 'b', ZERO_CV)).toBe(true);
      expect(isKnownCv(storage, 'app', 'b', cv as string)).toBe(true);
      expect(isKnownCv(storage, 'app', 'other', cv as string)).toBe(false);
      expect(isKnownCv(storage, 'app', 'b', 'f'.repeat(24))).toBe(false);
    } finally {
      storage.close();
    }
  });
});
