import { toWire, wireText } from '../../../lib/server/domain/wire';
import type { ChangeRecord } from '../../../lib/server/storage/changes';

const record = (fields: Partial<ChangeRecord> = {}): ChangeRecord => ({
  app: 'app',
  bucket: 'b',
  owner: 'owner',
  objectId: 'é "quoted"',
  cv: '000000010000000000000001',
  op: 'M',
  sv: 1,
  ev: 2,
  diff: { a: { o: '+', v: 'x\u2028y' } },
  ccid: 'c"1',
  clientid: 'client\n',
  author: 'owner',
  audience: null,
  ...fields,
});

const stored = (change: ChangeRecord) => {
  const { diff, ...rest } = change;
  return { ...rest, diffText: diff === null ? null : JSON.stringify(diff) };
};

describe('wireText', () => {
  it.each([
    ['a modification', record()],
    ['a creation', record({ sv: null })],
    ['a deletion', record({ op: '-', diff: null })],
    ['no ccid', record({ ccid: null })],
  ])('should give the JSON of toWire for %s', (_, change) => {
    expect(wireText(stored(change), 'the/id')).toBe(JSON.stringify(toWire(change, 'the/id')));
  });

  it('should add d and username as the admin feed does, d as the stored text', () => {
    const change = record();
    const text = wireText(stored(change), 'id', { dataText: '{"a":1}', username: 'u@b.com' });
    expect(JSON.parse(text)).toEqual({ ...toWire(change, 'id'), d: { a: 1 }, username: 'u@b.com' });
    expect(JSON.parse(wireText(stored(change), 'id', { dataText: null }))).not.toHaveProperty('d');
  });
});
