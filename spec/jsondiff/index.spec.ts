import * as fs from 'fs';
import * as path from 'path';
import { expectTypeOf } from 'expect-type';
import * as jsondiff from '../../lib/jsondiff';
import {
  apply,
  diff,
  transform,
  type JsonObject,
  type ObjectDiff,
  type Policy,
} from '../../lib/jsondiff';

/**
 * The cross-implementation assertions shared by Simperium's jsondiff ports
 * (`Simperium/jsondiff/src/test/assertions.json`, copied unchanged into `spec/fixtures/`):
 * `[method, description, args, expected]`.
 * Run as the Python reference runs them: a `diff` case checks the diff and, derived from it,
 * that applying the expected diff gives the target; a `transform` case diffs the original to
 * both targets, rebases the first diff over the second, and applies both.
 */
const FIXTURES = path.join(__dirname, '../fixtures/jsondiff-assertions.json');

type Assertion = [string, string, unknown[], unknown];

const assertions = JSON.parse(fs.readFileSync(FIXTURES, 'utf8')) as Assertion[];

/** Cases not run, each with its reason. Every one of them currently passes, so none is skipped. */
const SKIPPED: ReadonlyArray<{ method: string; description: string; reason: string }> = [];

const isSkipped = ([method, description]: Assertion): boolean =>
  SKIPPED.some((skip) => skip.method === method && skip.description === description);

const cases = (method: string): Assertion[] =>
  assertions.filter((assertion) => assertion[0] === method && !isSkipped(assertion));

const asObject = (u: unknown): JsonObject => u as JsonObject;

describe('jsondiff assertions fixture', () => {
  it('should hold the diff, transform and apply cases the ports share', () => {
    expect(assertions.map(([method]) => method).sort()).toEqual([
      'apply_offsets',
      ...Array<string>(18).fill('diff'),
      ...Array<string>(10).fill('transform'),
    ]);
  });

  it('should only skip cases that exist in the fixture file', () => {
    for (const skip of SKIPPED) {
      expect(assertions.some(([m, d]) => m === skip.method && d === skip.description)).toBe(true);
      expect(skip.reason).not.toBe('');
    }
  });
});

describe('diff', () => {
  it.each(cases('diff'))('should pass "%s: %s"', (_method, _description, args, expected) => {
    const [a, b, policy] = args;
    expect(diff(asObject(a), asObject(b), policy as Policy | undefined)).toEqual(
      (expected as { v: ObjectDiff }).v,
    );
  });
});

describe('apply', () => {
  it.each(cases('diff'))('should apply the expected diff of "%s: %s"', (_m, _d, args, expected) => {
    const [a, b] = args;
    expect(apply(asObject(a), (expected as { v: ObjectDiff }).v)).toEqual(b);
  });

  it.each(cases('apply_offsets'))(
    'should pass "%s: %s"',
    (_method, _description, args, expected) => {
      const [a, b] = args.map(asObject) as [JsonObject, JsonObject];
      expect(apply(a, diff(a, b))).toEqual(expected);
    },
  );
});

describe('transform', () => {
  it.each(cases('transform'))('should pass "%s: %s"', (_method, _description, args, expected) => {
    const [original, local, remote, policy] = args as [JsonObject, JsonObject, JsonObject, Policy?];
    const localDiff = diff(original, local, policy);
    const remoteDiff = diff(original, remote, policy);
    const rebased = transform(localDiff, remoteDiff, original);
    expect(apply(apply(original, remoteDiff), rebased)).toEqual(expected);
  });
});

describe('jsondiff (public surface)', () => {
  it('should export exactly the public functions and class', () => {
    expect(Object.keys(jsondiff).sort()).toEqual([
      'JsonDiffError',
      'apply',
      'applyText',
      'deepEqual',
      'diff',
      'diffText',
      'isJsonObject',
      'transform',
      'transformAll',
    ]);
  });

  it('should keep the signatures the server is written against', () => {
    expectTypeOf(jsondiff.diff).toEqualTypeOf<
      (a: JsonObject, b: JsonObject, policy?: Policy) => ObjectDiff
    >();
    expectTypeOf(jsondiff.apply).toEqualTypeOf<(a: JsonObject, d: ObjectDiff) => JsonObject>();
    expectTypeOf(jsondiff.transform).toEqualTypeOf<
      (local: ObjectDiff, remote: ObjectDiff, base: JsonObject) => ObjectDiff
    >();
    expectTypeOf(jsondiff.transformAll).toEqualTypeOf<
      (local: ObjectDiff, remotes: ReadonlyArray<ObjectDiff>, base: JsonObject) => ObjectDiff
    >();
    expectTypeOf(jsondiff.diffText).toEqualTypeOf<(a: string, b: string) => string>();
    expectTypeOf(jsondiff.applyText).toEqualTypeOf<(text: string, delta: string) => string>();
    expectTypeOf(jsondiff.isJsonObject).guards.toEqualTypeOf<JsonObject>();
    expectTypeOf<InstanceType<typeof jsondiff.JsonDiffError>['code']>().toEqualTypeOf<
      'bad-delta' | 'bad-operation' | 'bad-target'
    >();
  });
});
