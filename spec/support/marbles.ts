/**
 * A `TestScheduler` whose frames are compared with Jest's deep equality, for marble specs.
 * Inside `testScheduler().run(...)`, `asyncScheduler` (hence `timer`, `delay`, `retry`'s delays)
 * runs in virtual time, one frame per millisecond.
 */
import { TestScheduler } from 'rxjs/testing';

export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
