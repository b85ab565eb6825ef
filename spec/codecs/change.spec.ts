import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { expectTypeOf } from 'expect-type';
import { Change, changeCodec, changeDecoder } from '../../lib/codecs/change';

const Todo = t.type({ title: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;
const TodoChange = changeCodec(Todo);

const modify = {
  clientid: 'node-6c1',
  id: 'note1',
  o: 'M',
  sv: 4,
  ev: 5,
  cv: '511aa58737a401031d57db90',
  ccids: ['3a5cbd2f0a71fca4933fff5a54d22b60'],
  v: { title: { o: 'd', v: '=6\t-5\t+kansas' } },
};

const report = (u: unknown): string => PathReporter.report(TodoChange.decode(u)).join('\n');

describe('changeCodec', () => {
  it('should decode a modify change from the changes feed, keeping wire names', () => {
    expect(TodoChange.decode(modify)).toEqual(E.right(modify));
  });

  it('should type d with the document codec', () => {
    expectTypeOf(TodoChange.decode).returns.toEqualTypeOf<t.Validation<Change<Todo>>>();
  });

  it('should decode a delete change (no v, no sv)', () => {
    const remove = {
      ccids: ['90f3'],
      clientid: 'ios-443f',
      cv: '55aed34c4806f92b41dbb4ab',
      ev: 2,
      id: '8425',
      o: '-',
    };
    expect(TodoChange.decode(remove)).toEqual(E.right(remove));
  });

  it('should decode a create change, which has no sv', () => {
    const create = { id: 'a', cv: 'c1', o: 'M', ev: 1, v: { title: { o: '+', v: 'x' } } };
    expect(TodoChange.decode(create)).toEqual(E.right(create));
  });

  it('should decode the data and author sent by the all feed', () => {
    const change = {
      ...modify,
      id: 'user1/note1',
      username: 'joe@example.com',
      d: { title: 'kansas', done: false },
    };
    expect(TodoChange.decode(change)).toEqual(E.right(change));
  });

  it('should read d: null as no data', () => {
    const change = { id: 'a', cv: 'c1', o: '-', d: null };
    expect(TodoChange.decode(change)).toEqual(E.right({ id: 'a', cv: 'c1', o: '-' }));
  });

  it('should read a lone ccid as ccids', () => {
    expect(TodoChange.decode({ id: 'a', cv: 'c1', o: 'M', ccid: 'x1' })).toEqual(
      E.right({ id: 'a', cv: 'c1', o: 'M', ccids: ['x1'] }),
    );
    expect(TodoChange.decode({ id: 'a', cv: 'c1', o: 'M', ccid: 'x1', ccids: ['y'] })).toEqual(
      E.right({ id: 'a', cv: 'c1', o: 'M', ccids: ['y'] }),
    );
  });

  it('should let other operation codes through', () => {
    expect(TodoChange.decode({ id: 'todo', cv: 'c1', o: 'EMPTY' })).toEqual(
      E.right({ id: 'todo', cv: 'c1', o: 'EMPTY' }),
    );
  });

  it('should drop fields it does not know', () => {
    expect(TodoChange.decode({ id: 'a', cv: 'c1', o: 'M', extra: 1 })).toEqual(
      E.right({ id: 'a', cv: 'c1', o: 'M' }),
    );
  });

  it.each<[string, unknown, string]>([
    ['a non-object', [modify], 'Invalid value'],
    ['null', null, 'Invalid value'],
    ['a missing id', { ...modify, id: undefined }, 'id'],
    ['an empty cv', { ...modify, cv: '' }, 'cv'],
    ['a numeric cv', { ...modify, cv: 5 }, 'cv'],
    ['a missing o', { ...modify, o: undefined }, '/o'],
    ['a malformed diff', { ...modify, v: { title: { o: 'd', v: 1 } } }, '/v: ObjectDiff/title'],
    ['a fractional sv', { ...modify, sv: 1.5 }, 'sv'],
    ['a negative ev', { ...modify, ev: -1 }, 'ev'],
    ['ccids that are not strings', { ...modify, ccids: [1] }, 'ccids'],
    ['a numeric clientid', { ...modify, clientid: 7 }, 'clientid'],
    ['data the document codec refuses', { ...modify, d: { title: 3, done: false } }, '/d: {'],
  ])('should refuse %s', (_name, input, message) => {
    expect(E.isLeft(TodoChange.decode(input))).toBe(true);
    expect(report(input)).toContain(message);
  });

  it('should agree with its guard on decoded values', () => {
    const decoded = TodoChange.decode({ ...modify, d: { title: 'a', done: true } });
    expect(E.isRight(decoded) && TodoChange.is(decoded.right)).toBe(true);
    expect(TodoChange.is({ ...modify, d: { title: 1 } })).toBe(false);
    expect(TodoChange.is({ ...modify, ccids: 'x' })).toBe(false);
    expect(TodoChange.is(null)).toBe(false);
  });

  it('should encode the data with the document codec', () => {
    const DateFromNumber = new t.Type<Date, number, unknown>(
      'DateFromNumber',
      (u): u is Date => u instanceof Date,
      (u, c) => (typeof u === 'number' ? t.success(new Date(u)) : t.failure(u, c)),
      (d) => d.getTime(),
    );
    const codec = changeCodec(DateFromNumber);
    const decoded = codec.decode({ id: 'a', cv: 'c1', o: 'M', d: 1000 });
    expect(E.isRight(decoded) && decoded.right.d).toEqual(new Date(1000));
    expect(E.isRight(decoded) && codec.encode(decoded.right)).toEqual({
      id: 'a',
      cv: 'c1',
      o: 'M',
      d: 1000,
    });
    expect(codec.encode({ id: 'a', cv: 'c1', o: '-' })).toEqual({ id: 'a', cv: 'c1', o: '-' });
  });

  it('should never throw on any input', () => {
    const changeLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.jsonValue()),
        cv: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }), fc.jsonValue()),
        o: fc.oneof(fc.constantFrom('M', '-'), fc.jsonValue()),
        v: fc.jsonValue(),
        sv: fc.oneof(fc.nat(), fc.jsonValue()),
        d: fc.jsonValue(),
        ccids: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), changeLike), (u) => {
        const result = TodoChange.decode(u);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
      }),
    );
  });
});

describe('changeCodec with a bare decoder', () => {
  it('should decode d with it', () => {
    const decoder: t.Decoder<unknown, Todo> = {
      name: 'Todo',
      validate: Todo.validate,
      decode: Todo.decode,
    };
    const codec = changeCodec(decoder);
    expect(codec.decode({ id: 'a', cv: 'c', o: 'M', d: { title: 't', done: true } })).toEqual(
      E.right({ id: 'a', cv: 'c', o: 'M', d: { title: 't', done: true } }),
    );
    expect(E.isLeft(codec.decode({ id: 'a', cv: 'c', o: 'M', d: { title: 1 } }))).toBe(true);
  });
});

describe('changeDecoder', () => {
  const TodoDecoder = changeDecoder(Todo);
  const parsed = (u: unknown): unknown => JSON.parse(JSON.stringify(u));

  it('should decode a well-formed change as itself, no copy made', () => {
    const change = parsed(modify);
    const decoded = TodoDecoder.decode(change);
    expect(E.isRight(decoded) && decoded.right).toBe(change);
    const all = parsed({ ...modify, username: 'a@b.c', d: { title: 't', done: true } });
    const read = TodoDecoder.decode(all);
    expect(E.isRight(read) && read.right).toBe(all);
  });

  it('should copy a change whose d the codec decodes into another object', () => {
    const Trimmed = new t.Type<Todo, Todo, unknown>(
      'Trimmed',
      Todo.is,
      (u, c) => E.map((todo: Todo) => ({ ...todo, title: todo.title.trim() }))(Todo.validate(u, c)),
      t.identity,
    );
    const change = parsed({ ...modify, d: { title: ' t ', done: true } });
    expect(changeDecoder(Trimmed).decode(change)).toEqual(
      E.right({ ...modify, d: { title: 't', done: true } }),
    );
    expect(change).toEqual({ ...modify, d: { title: ' t ', done: true } });
  });

  it('should read a lone ccid, d: null and unknown fields as changeCodec does', () => {
    const { ccids, ...rest } = modify;
    for (const input of [
      { ...rest, ccid: ccids[0] },
      { ...modify, d: null },
      { ...modify, extra: 1 },
      { ...modify, ev: -1 },
      { ...modify, cv: undefined },
      { ...modify, d: { title: 1 } },
      { ...modify, v: { title: { o: '?' } } },
      null,
    ]) {
      const decoded = TodoDecoder.decode(parsed(input));
      const expected = TodoChange.decode(parsed(input));
      if (E.isRight(expected)) expect(decoded).toEqual(expected);
      else expect(PathReporter.report(decoded)).toEqual(PathReporter.report(expected));
    }
  });

  it('should report a document it refuses in its full context', () => {
    const decoded = TodoDecoder.decode(parsed({ ...modify, d: { title: 1, done: true } }));
    expect(PathReporter.report(decoded)).toEqual([
      'Invalid value 1 supplied to : Change<{ title: string, done: boolean }>/d: { title: string, done: boolean }/title: string',
    ]);
  });
});
