import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { expectTypeOf } from 'expect-type';
import { IndexPage, indexPageCodec } from '../../lib/codecs/index-page';

const Todo = t.type({ title: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;
const TodoPage = indexPageCodec(Todo);

const report = (u: unknown): string => PathReporter.report(TodoPage.decode(u)).join('\n');

describe('indexPageCodec', () => {
  it('should read v as version and keep current and mark', () => {
    const wire = {
      current: '4f987082d240991a7e0200f6',
      index: [
        { id: 'item1', v: 1 },
        { id: 'item2', v: 3 },
      ],
      mark: '4f987082d240991a7e0200f0',
    };
    expect(TodoPage.decode(wire)).toEqual(
      E.right({
        current: '4f987082d240991a7e0200f6',
        index: [
          { id: 'item1', version: 1 },
          { id: 'item2', version: 3 },
        ],
        mark: '4f987082d240991a7e0200f0',
      }),
    );
  });

  it('should decode d as data with the document codec, and keep count', () => {
    const wire = {
      count: 1,
      index: [{ id: 'f6b6', v: 1, d: { title: 'Read', done: false } }],
      current: '4f8507b8faf44720dfc432b1',
    };
    expect(TodoPage.decode(wire)).toEqual(
      E.right({
        current: '4f8507b8faf44720dfc432b1',
        index: [{ id: 'f6b6', version: 1, data: { title: 'Read', done: false } }],
        count: 1,
      }),
    );
    expectTypeOf(TodoPage.decode).returns.toEqualTypeOf<t.Validation<IndexPage<Todo>>>();
  });

  it('should read a null or empty mark, null count and null data as absent', () => {
    expect(
      TodoPage.decode({
        current: 'c',
        index: [{ id: 'a', v: 2, d: null }],
        mark: null,
        count: null,
      }),
    ).toEqual(E.right({ current: 'c', index: [{ id: 'a', version: 2 }] }));
    expect(TodoPage.decode({ current: 'c', index: [], mark: '' })).toEqual(
      E.right({ current: 'c', index: [] }),
    );
  });

  it('should drop entry fields it does not know', () => {
    expect(TodoPage.decode({ current: 'c', index: [{ id: 'a', v: 1, x: 1 }], y: 2 })).toEqual(
      E.right({ current: 'c', index: [{ id: 'a', version: 1 }] }),
    );
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'Invalid value'],
    ['a missing current', { index: [] }, 'current'],
    ['an empty current', { current: '', index: [] }, 'current'],
    ['a missing index', { current: 'c' }, 'index'],
    ['an index that is an object', { current: 'c', index: {} }, 'index'],
    ['a numeric mark', { current: 'c', index: [], mark: 3 }, 'mark'],
    ['a negative count', { current: 'c', index: [], count: -1 }, 'count'],
  ])('should refuse %s', (_name, input, message) => {
    expect(E.isLeft(TodoPage.decode(input))).toBe(true);
    expect(report(input)).toContain(message);
  });

  it.each<[string, unknown, string, string | undefined]>([
    ['an entry without id', { v: 1 }, '/index: Array<', undefined],
    ['an entry with a string version', { id: 'a', v: '1' }, '/0: ', 'a'],
    ['data the document codec refuses', { id: 'a', v: 1, d: { title: 1 } }, '/d: {', 'a'],
  ])(
    'should decode the page and set aside %s as invalid, with its id when readable',
    (_name, entry, message, id) => {
      const decoded = TodoPage.decode({ current: 'c', index: [entry, { id: 'ok', v: 2 }] });
      expect(E.isRight(decoded)).toBe(true);
      const page = (decoded as E.Right<IndexPage<Todo>>).right;
      expect(page.index).toEqual([{ id: 'ok', version: 2 }]);
      expect(page.invalid).toHaveLength(1);
      const [invalid] = page.invalid ?? [];
      expect(invalid?.position).toBe(0);
      expect(invalid?.error._tag).toBe('DecodeError');
      expect(invalid?.error.id).toBe(id);
      expect(invalid?.error.messages.join('\n')).toContain(message);
    },
  );

  it('should report data the document codec refuses in its full context', () => {
    const decoded = TodoPage.decode({
      current: 'c',
      index: [
        { id: 'a', v: 1, d: { title: 't', done: true } },
        { id: 'b', v: 1, d: { title: 1 } },
      ],
    });
    const page = (decoded as E.Right<IndexPage<Todo>>).right;
    expect(page.index).toEqual([{ id: 'a', version: 1, data: { title: 't', done: true } }]);
    expect(page.invalid?.[0]?.error.messages).toEqual([
      `Invalid value 1 supplied to : ${TodoPage.name}/index: Array<IndexEntry>/1: IndexEntry/d: ${Todo.name}/title: string`,
      `Invalid value undefined supplied to : ${TodoPage.name}/index: Array<IndexEntry>/1: IndexEntry/d: ${Todo.name}/done: boolean`,
    ]);
  });

  it('should let the full read decide an entry whose data a codec refuses in the shared context', () => {
    // a pathological codec whose answer depends on the context: the full read has the last word
    const Picky = new t.Type<Todo, Todo, unknown>(
      'Picky',
      Todo.is,
      (u, c) => (c.length > 1 ? Todo.validate(u, c) : t.failure(u, c)),
      t.identity,
    );
    const decoded = indexPageCodec(Picky).decode({
      current: 'c',
      index: [{ id: 'a', v: 1, d: { title: 't', done: true } }],
    });
    expect(decoded).toEqual(
      E.right({ current: 'c', index: [{ id: 'a', version: 1, data: { title: 't', done: true } }] }),
    );
  });

  it('should report every failing entry by its position', () => {
    const decoded = TodoPage.decode({
      current: 'c',
      index: [{ id: 'a', v: 1 }, { id: 'b' }, { id: 'c', v: 1 }, { v: 2 }],
    });
    const page = (decoded as E.Right<IndexPage<Todo>>).right;
    expect(page.invalid?.map((i) => i.position)).toEqual([1, 3]);
    expect(page.invalid?.map((i) => i.error.id)).toEqual(['b', undefined]);
    expect(page.index.map((e) => e.id)).toEqual(['a', 'c']);
  });

  it('should agree with its guard on decoded values', () => {
    const decoded = TodoPage.decode({
      current: 'c',
      index: [{ id: 'a', v: 1, d: { title: 'x', done: true } }],
      mark: 'm',
    });
    expect(E.isRight(decoded) && TodoPage.is(decoded.right)).toBe(true);
    expect(TodoPage.is({ current: 'c', index: [{ id: 'a', v: 1 }] })).toBe(false);
    expect(TodoPage.is({ current: 'c', index: [null] })).toBe(false);
    expect(TodoPage.is({ current: 'c', index: [], mark: 1 })).toBe(false);
  });

  it('should encode back to the wire shape', () => {
    const page: IndexPage<Todo> = {
      current: 'c',
      index: [
        { id: 'a', version: 2, data: { title: 't', done: false } },
        { id: 'b', version: 1 },
      ],
      mark: 'm',
      count: 2,
    };
    const wire = TodoPage.encode(page);
    expect(wire).toEqual({
      current: 'c',
      index: [
        { id: 'a', v: 2, d: { title: 't', done: false } },
        { id: 'b', v: 1 },
      ],
      mark: 'm',
      count: 2,
    });
    expect(TodoPage.decode(wire)).toEqual(E.right(page));
  });

  it('should never throw on any input', () => {
    const pageLike = fc.record(
      {
        current: fc.oneof(
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }),
          fc.jsonValue(),
        ),
        index: fc.oneof(
          fc.array(
            fc.record(
              { id: fc.jsonValue(), v: fc.jsonValue(), d: fc.jsonValue() },
              { requiredKeys: [] },
            ),
          ),
          fc.jsonValue(),
        ),
        mark: fc.jsonValue(),
        count: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), pageLike), (u) => {
        const result = TodoPage.decode(u);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
      }),
    );
  });
});

describe('indexPageCodec with a bare decoder', () => {
  it('should decode data with it', () => {
    const decoder: t.Decoder<unknown, Todo> = {
      name: 'Todo',
      validate: Todo.validate,
      decode: Todo.decode,
    };
    const codec = indexPageCodec(decoder);
    expect(
      codec.decode({ current: 'c', index: [{ id: 'a', v: 1, d: { title: 't', done: true } }] }),
    ).toEqual(
      E.right({ current: 'c', index: [{ id: 'a', version: 1, data: { title: 't', done: true } }] }),
    );
    const refused = codec.decode({ current: 'c', index: [{ id: 'a', v: 1, d: {} }] });
    expect(E.isRight(refused) && refused.right.index).toEqual([]);
    expect(E.isRight(refused) && refused.right.invalid?.[0]?.error.id).toBe('a');
  });
});
