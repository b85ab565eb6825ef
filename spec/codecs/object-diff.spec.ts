import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { PathReporter } from 'io-ts/PathReporter';
import { JsonValue, ObjectDiff, Operation, ParsedObjectDiff } from '../../lib/codecs/object-diff';

describe('Operation', () => {
  it.each<[string, unknown]>([
    ['insert', { o: '+', v: 'd' }],
    ['remove (no v)', { o: '-' }],
    ['replace with a number', { o: 'r', v: 7 }],
    ['replace with null', { o: 'r', v: null }],
    ['increment', { o: 'I', v: -1 }],
    ['string delta', { o: 'd', v: '-1\t+c' }],
    ['list delta', { o: 'dL', v: '=1\t+b\n' }],
    ['list diff', { o: 'L', v: { '0': { o: 'r', v: 2 }, '2': { o: '-' } } }],
    ['nested object diff', { o: 'O', v: { a: { o: 'O', v: { b: { o: 'I', v: 1 } } } } }],
  ])('should decode a %s', (_name, input) => {
    expect(Operation.decode(input)).toEqual(E.right(input));
  });

  it('should return the operation itself, unread fields included (no copy)', () => {
    const remove = { o: '-', v: 3 };
    const decoded = Operation.decode(remove);
    expect(E.isRight(decoded) && decoded.right).toBe(remove);
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'M', 'not an operation'],
    ['a missing o', { v: 1 }, 'not an operation'],
    ['an unknown code', { o: 'x', v: 1 }, 'unknown operation "x"'],
    ['an insert without v', { o: '+' }, 'JsonValue'],
    ['a non-JSON insert', { o: '+', v: () => 1 }, 'JsonValue'],
    ['an infinite replacement', { o: 'r', v: Infinity }, 'JsonValue'],
    ['a string increment', { o: 'I', v: '1' }, 'number'],
    ['a non-string delta', { o: 'd', v: 3 }, 'string'],
    ['a list diff that is an array', { o: 'L', v: [{ o: '-' }] }, 'not an object'],
    [
      'a bad nested operation',
      { o: 'O', v: { a: { o: 'O', v: { b: { o: 'I' } } } } },
      '/v: ObjectDiff/a: Operation/v: ObjectDiff/b: Operation/v: number',
    ],
  ])('should refuse %s', (_name, input, message) => {
    const result = Operation.decode(input);
    expect(E.isLeft(result)).toBe(true);
    expect(PathReporter.report(result).join('\n')).toContain(message);
  });

  it('should refuse a diff nested deeper than the limit without overflowing the stack', () => {
    let op: unknown = { o: '-' };
    for (let i = 0; i < 5000; i++) op = { o: 'O', v: { k: op } };
    expect(PathReporter.report(Operation.decode(op)).join('\n')).toContain(
      'diff nested too deeply',
    );
  });

  it('should agree with its guard', () => {
    expect(Operation.is({ o: 'L', v: { '0': { o: '+', v: [1] } } })).toBe(true);
    expect(Operation.is({ o: 'L', v: { '0': { o: '+' } } })).toBe(false);
  });
});

describe('ObjectDiff', () => {
  it('should decode a diff and report every bad key', () => {
    expect(ObjectDiff.decode({ title: { o: 'd', v: '=6\t-5\t+kansas' } })).toEqual(
      E.right({ title: { o: 'd', v: '=6\t-5\t+kansas' } }),
    );
    const messages = PathReporter.report(ObjectDiff.decode({ a: { o: '?' }, b: 1, c: { o: '-' } }));
    expect(messages).toHaveLength(2);
  });

  it('should keep a "__proto__" key as a key', () => {
    const decoded = ObjectDiff.decode(JSON.parse('{"__proto__": {"o": "-"}}'));
    expect(E.isRight(decoded) && Object.keys(decoded.right)).toEqual(['__proto__']);
    expect(E.isRight(decoded) && Object.getPrototypeOf(decoded.right)).toBe(Object.prototype);
  });

  it('should never throw on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (u) => {
        const result = ObjectDiff.decode(u);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
      }),
    );
  });
});

describe('JsonValue', () => {
  it('should accept JSON and refuse what JSON cannot hold', () => {
    fc.assert(fc.property(fc.jsonValue(), (u) => expect(JsonValue.is(u)).toBe(true)));
    expect(JsonValue.is(undefined)).toBe(false);
    expect(JsonValue.is(NaN)).toBe(false);
    expect(JsonValue.is(new Date())).toBe(false);
    expect(JsonValue.is([1, [2, { a: undefined }]])).toBe(false);
    // a value reached twice is written twice by JSON: accepted; one inside itself is not
    const shared = { a: 1 };
    expect(JsonValue.is([shared, shared])).toBe(true);
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(JsonValue.is(cyclic)).toBe(false);
    // eslint-disable-next-line no-sparse-arrays -- a hole is what JSON cannot hold here
    expect(JsonValue.is([1, , 3])).toBe(false);
  });
});

describe('ParsedObjectDiff', () => {
  it('should check operations as ObjectDiff does, but not walk inserted values again', () => {
    const parsed = JSON.parse('{"a":{"o":"+","v":{"deep":[1,2,3]}},"b":{"o":"-"}}') as unknown;
    expect(ParsedObjectDiff.decode(parsed)).toEqual(E.right(parsed));
    expect(ParsedObjectDiff.name).toBe('ObjectDiff');
    const messages = PathReporter.report(ParsedObjectDiff.decode({ a: { o: 'I', v: 'x' } }));
    expect(messages.join('\n')).toContain('/a: Operation/v: number');
    // only a value that JSON.parse could never produce tells them apart
    const notJson = { a: { o: '+', v: { f: undefined } } };
    expect(ObjectDiff.is(notJson)).toBe(false);
    expect(ParsedObjectDiff.is(notJson)).toBe(true);
  });
});
