import * as E from '../../lib/either';
import { objectPath, validated } from '../../lib/endpoints/object-path';
import { of } from 'rxjs';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';

describe('objectPath', () => {
  it('should build the path of an object, or of one of its versions', () => {
    expect(objectPath('todo', 'a/b')).toEqual(E.right(['todo', 'i', 'a/b']));
    expect(objectPath('todo', 'a', 7)).toEqual(E.right(['todo', 'i', 'a', 'v', '7']));
  });

  it('should give the first invalid argument, bucket first', () => {
    expect(expectLeft(objectPath('..', '', 0), 'InvalidArgumentError').argument).toBe('bucket');
    expect(expectLeft(objectPath('todo', '', 0), 'InvalidArgumentError').argument).toBe('id');
    expect(expectLeft(objectPath('todo', 'a', 0), 'InvalidArgumentError').argument).toBe('version');
  });
});

describe('validated', () => {
  it('should run the call on a valid value and emit the Left of an invalid one', async () => {
    const call = (n: number) => of(E.right(n + 1));
    expect(expectRight(await single(validated(E.right(1), call)))).toBe(2);
    const refused = objectPath('todo', '');
    const length = (path: ReadonlyArray<string>) => of(E.right(path.length));
    expectLeft(await single(validated(refused, length)), 'InvalidArgumentError');
  });
});
