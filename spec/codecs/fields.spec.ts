import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { fieldErrors, pick, type Field } from '../../lib/codecs/fields';
import { NonEmptyString, Version } from '../../lib/codecs/primitives';

const FIELDS: ReadonlyArray<Field> = [
  ['id', NonEmptyString],
  ['n', Version, true],
  ['tags', t.array(t.string), true],
];

const root: t.Context = [{ key: '', type: t.unknown, actual: undefined }];

describe('fieldErrors', () => {
  it('should find nothing wrong with a well-formed record, and build no context', () => {
    const context = jest.fn(() => root);
    expect(fieldErrors(context, { id: 'a', n: 2, extra: true }, FIELDS)).toEqual([]);
    expect(fieldErrors(context, { id: 'a' }, FIELDS)).toEqual([]);
    expect(context).not.toHaveBeenCalled();
  });

  it("should report each failing field in io-ts's format, under its key and type", () => {
    const errors = fieldErrors(() => root, { n: -1, tags: ['a', 2] }, FIELDS);
    expect(PathReporter.report(t.failures(errors))).toEqual([
      'Invalid value undefined supplied to : unknown/id: NonEmptyString',
      'Invalid value -1 supplied to : unknown/n: Version',
      'Invalid value 2 supplied to : unknown/tags: Array<string>/1: string',
    ]);
  });
});

describe('pick', () => {
  it('should copy just the fields listed that the record defines', () => {
    expect(pick({ id: 'a', n: undefined, other: 1 }, FIELDS)).toEqual({ id: 'a' });
  });
});
