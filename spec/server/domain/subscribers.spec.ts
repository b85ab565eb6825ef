import {
  Subscribers,
  type CommittedChange,
  type Subscriber,
} from '../../../lib/server/domain/subscribers';
import { openStorage, type Storage } from '../../../lib/server/storage';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let cvs = 0;
const change = (owner: string, fields: Partial<CommittedChange> = {}): CommittedChange => ({
  app: 'app',
  bucket: 'b',
  owner,
  objectId: 'o',
  cv: (cvs += 1).toString(16).padStart(24, '0'),
  op: 'M',
  sv: null,
  ev: 1,
  diffText: '{}',
  ccid: null,
  clientid: '',
  author: owner,
  audience: null,
  dataText: '{}',
  ...fields,
});

/** A subscriber recording what it is offered; done after the first non-empty offer. */
const recorder = (user?: string) => {
  const offers: Array<ReadonlyArray<CommittedChange>> = [];
  const subscriber: Subscriber = {
    ...(user === undefined ? {} : { user }),
    offer: (changes) => {
      offers.push(changes);
      return changes.length > 0;
    },
  };
  return { subscriber, offers };
};

describe('Subscribers', () => {
  let storage: Storage;
  let subscribers: Subscribers;
  beforeEach(() => {
    storage = openStorage(':memory:');
    subscribers = new Subscribers(storage, 3);
  });
  afterEach(() => storage.close());

  it('should offer a change only to its owner, the users it is shared with and the admin feed', async () => {
    const owner = recorder('alice');
    const target = recorder('bob');
    const stranger = recorder('carol');
    const admin = recorder();
    for (const r of [owner, target, stranger, admin])
      subscribers.subscribe('app', 'b', r.subscriber);
    storage.shares.add(
      { app: 'app', bucket: 'b', owner: 'alice', objectId: 'o' },
      'bob',
      false,
      '0'.repeat(24),
    );
    const written = change('alice');
    subscribers.publish('app', 'b', [written]);
    expect(owner.offers).toEqual([]);
    await nextTurn();
    expect([owner, target, admin].map((r) => r.offers)).toEqual([
      [[written]],
      [[written]],
      [[written]],
    ]);
    expect(stranger.offers).toEqual([]);
    expect(subscribers.count).toBe(1);
  });

  it('should offer a change addressed to one user to that user only, never to the admin feed', async () => {
    const target = recorder('bob');
    const owner = recorder('alice');
    const admin = recorder();
    for (const r of [target, owner, admin]) subscribers.subscribe('app', 'b', r.subscriber);
    const announcement = change('alice', { audience: 'bob' });
    subscribers.publish('app', 'b', [announcement]);
    await nextTurn();
    expect([target.offers, owner.offers, admin.offers]).toEqual([[[announcement]], [], []]);
  });

  it('should offer each user only the changes of the batch they can see, in order', async () => {
    const alice = recorder('alice');
    const bob = recorder('bob');
    subscribers.subscribe('app', 'b', alice.subscriber);
    subscribers.subscribe('app', 'b', bob.subscriber);
    const batch = [change('alice'), change('bob'), change('alice')];
    subscribers.publish('app', 'b', batch);
    await nextTurn();
    expect(alice.offers).toEqual([[batch[0], batch[2]]]);
    expect(bob.offers).toEqual([[batch[1]]]);
  });

  it('should keep buckets and apps apart', async () => {
    const other = recorder('alice');
    subscribers.subscribe('app', 'other', other.subscriber);
    subscribers.subscribe('app2', 'b', other.subscriber);
    subscribers.publish('app', 'b', [change('alice')]);
    subscribers.publish('app', 'nobody', [change('alice')]);
    await nextTurn();
    expect(other.offers).toEqual([]);
  });

  it('should make at most perTurn offers per turn of the event loop, oldest publish first', async () => {
    const subs = Array.from({ length: 7 }, () => recorder('alice'));
    for (const r of subs) subscribers.subscribe('app', 'b', r.subscriber);
    subscribers.publish('app', 'b', [change('alice')]);
    const offered = () => subs.filter((r) => r.offers.length > 0).length;
    const counts: number[] = [];
    for (let turn = 0; turn < 4; turn += 1) {
      await nextTurn();
      counts.push(offered());
    }
    expect(counts).toEqual([3, 6, 7, 7]);
    expect(subscribers.count).toBe(0);
  });

  it('should not offer to a subscriber removed, or done, before its turn', async () => {
    const first = recorder('alice');
    const second = recorder('alice');
    subscribers.subscribe('app', 'b', first.subscriber);
    const remove = subscribers.subscribe('app', 'b', second.subscriber);
    subscribers.publish('app', 'b', [change('alice')]);
    subscribers.publish('app', 'b', [change('alice')]);
    remove();
    remove();
    await nextTurn();
    await nextTurn();
    expect(first.offers).toHaveLength(1);
    expect(second.offers).toEqual([]);
    expect(subscribers.count).toBe(0);
  });

  it('should keep a subscriber that declines an offer', async () => {
    const picky: Subscriber = { user: 'alice', offer: () => false };
    subscribers.subscribe('app', 'b', picky);
    subscribers.publish('app', 'b', [change('alice')]);
    await nextTurn();
    expect(subscribers.count).toBe(1);
  });

  it('should count subscriptions per user and app across buckets', () => {
    const removers = [
      subscribers.subscribe('app', 'b', recorder('alice').subscriber),
      subscribers.subscribe('app', 'c', recorder('alice').subscriber),
      subscribers.subscribe('app', 'c', recorder().subscriber),
      subscribers.subscribe('app2', 'b', recorder('alice').subscriber),
    ];
    expect([subscribers.countFor('app', 'alice'), subscribers.countFor('app', undefined)]).toEqual([
      2, 1,
    ]);
    removers.forEach((remove) => remove());
    expect([subscribers.countFor('app', 'alice'), subscribers.count]).toEqual([0, 0]);
  });

  it('should offer no change to every subscriber of a user on recheck', async () => {
    const inB = recorder('alice');
    const inC = recorder('alice');
    const bob = recorder('bob');
    subscribers.subscribe('app', 'b', inB.subscriber);
    subscribers.subscribe('app', 'c', inC.subscriber);
    subscribers.subscribe('app', 'b', bob.subscriber);
    subscribers.recheck('app', 'alice');
    await nextTurn();
    expect([inB.offers, inC.offers, bob.offers]).toEqual([[[]], [[]], []]);
  });
});

describe('Subscribers.flush', () => {
  let storage: Storage;
  let subscribers: Subscribers;
  beforeEach(() => {
    storage = openStorage(':memory:');
    subscribers = new Subscribers(storage);
  });
  afterEach(() => storage.close());

  /** A subscriber recording every offer, never done. */
  const listener = (user: string) => {
    const offers: string[][] = [];
    const subscriber: Subscriber = {
      user,
      offer: (changes) => (offers.push(changes.map((c) => c.cv)), false),
    };
    return { subscriber, offers };
  };

  it('should make the offers waiting for one subscriber now, in order, and not again later', async () => {
    const alice = listener('alice');
    const other = listener('alice');
    subscribers.subscribe('app', 'b', alice.subscriber);
    subscribers.subscribe('app', 'b', other.subscriber);
    const first = change('alice');
    const second = change('alice');
    subscribers.publish('app', 'b', [first]);
    subscribers.publish('app', 'b', [second]);
    subscribers.flush(alice.subscriber);
    subscribers.flush(alice.subscriber);
    expect(alice.offers).toEqual([[first.cv], [second.cv]]);
    expect(other.offers).toEqual([]);
    await nextTurn();
    expect(alice.offers).toEqual([[first.cv], [second.cv]]);
    expect(other.offers).toEqual([[first.cv], [second.cv]]);
  });

  it('should do nothing for a subscriber with no offer waiting, or one already made', async () => {
    const alice = listener('alice');
    subscribers.subscribe('app', 'b', alice.subscriber);
    subscribers.flush(alice.subscriber);
    const first = change('alice');
    subscribers.publish('app', 'b', [first]);
    await nextTurn();
    subscribers.flush(alice.subscriber);
    expect(alice.offers).toEqual([[first.cv]]);
  });

  it('should drop a subscriber that is done after an early offer', () => {
    const done = recorder('alice');
    subscribers.subscribe('app', 'b', done.subscriber);
    subscribers.publish('app', 'b', [change('alice')]);
    subscribers.flush(done.subscriber);
    expect(subscribers.count).toBe(0);
  });
});

describe('Subscribers with a time budget', () => {
  it('should stop a turn once its budget is spent, after at least one offer', async () => {
    const storage = openStorage(':memory:');
    try {
      const subscribers = new Subscribers(storage, 100, 5);
      const clock = jest.spyOn(performance, 'now');
      let t = 0;
      clock.mockImplementation(() => (t += 3));
      const offered: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        subscribers.subscribe('app', 'b', { user: 'u', offer: () => (offered.push(i), true) });
      }
      subscribers.publish('app', 'b', [change('u')]);
      const counts: number[] = [];
      for (let turn = 0; turn < 3; turn += 1) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        counts.push(offered.length);
      }
      clock.mockRestore();
      expect(counts).toEqual([2, 4, 4]);
    } finally {
      storage.close();
    }
  });
});
