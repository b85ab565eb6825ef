import * as E from 'fp-ts/Either';
import { of } from 'rxjs';
import { httpError, type Bucket, type JsonObject } from '../../lib';
import { planWrites, runWriters } from './soak-writers';

describe('planWrites', () => {
  const plan = { writes: 10, writers: 4, objects: 3, seed: 7 };

  it('should share the writes between the writers, the first ones taking the remainder', () => {
    expect(planWrites(plan).map((own) => own.length)).toEqual([3, 3, 2, 2]);
  });

  it('should give each writer its own key, each write a unique value and ccid', () => {
    const all = planWrites(plan).flat();
    expect(new Set(all.map((w) => w.value)).size).toBe(10);
    expect(new Set(all.map((w) => w.ccid)).size).toBe(10);
    planWrites(plan).forEach((own, w) => expect(own.every((x) => x.key === `w${w}`)).toBe(true));
    expect(all.every((w) => /^o[0-2]$/.test(w.objectId) && !w.acknowledged)).toBe(true);
  });

  it('should choose the same objects for the same seed', () => {
    const objects = (seed: number) =>
      planWrites({ ...plan, seed }).flatMap((own) => own.map((w) => w.objectId));
    expect(objects(7)).toEqual(objects(7));
    expect(objects(7)).not.toEqual(objects(8));
  });
});

describe('runWriters', () => {
  it('should post each planned write with its ccid and record whether it was acknowledged', async () => {
    const posts: unknown[][] = [];
    const bucketFor = (writer: number) =>
      ({
        post$: (...args: unknown[]) => {
          posts.push([writer, ...args]);
          return of(
            writer === 1
              ? E.left(
                  httpError({
                    status: 503,
                    statusText: '',
                    method: 'POST',
                    url: 'u',
                    body: undefined,
                  }),
                )
              : E.right({ id: String(args[0]), changed: true }),
          );
        },
      }) as unknown as Bucket<JsonObject>;
    const planned = planWrites({ writes: 4, writers: 2, objects: 1, seed: 1 });
    const answers: number[] = [];
    const done = await runWriters(planned, bucketFor, (n) => answers.push(n));

    expect(posts).toEqual(
      planned.flatMap((own, w) =>
        own.map((x) => [w, x.objectId, { [x.key]: x.value }, { ccid: x.ccid }]),
      ),
    );
    expect(done.map((x) => [x.key, x.acknowledged])).toEqual([
      ['w0', true],
      ['w0', true],
      ['w1', false],
      ['w1', false],
    ]);
    expect(answers).toEqual([1, 2, 3, 4]);
  });
});
