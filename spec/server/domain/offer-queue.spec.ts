import { OfferQueue } from '../../../lib/server/domain/offer-queue';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('OfferQueue', () => {
  it('should make offers on later turns, in order, at most perTurn a turn', async () => {
    const made: string[] = [];
    const queue = new OfferQueue<string, number>((r, p) => made.push(`${r}${p}`), {
      perTurn: 3,
      budgetMs: 1_000,
    });
    queue.enqueue(['a', 'b'], 1);
    queue.enqueue(['a', 'b', 'c'], 2);
    expect(made).toEqual([]);
    await nextTurn();
    expect(made).toEqual(['a1', 'b1', 'a2']);
    await nextTurn();
    expect(made).toEqual(['a1', 'b1', 'a2', 'b2', 'c2']);
  });

  it('should make the offers waiting for one recipient at once with flush, and skip them later', async () => {
    const made: string[] = [];
    const queue = new OfferQueue<string, number>((r, p) => made.push(`${r}${p}`), {
      perTurn: 100,
      budgetMs: 1_000,
    });
    queue.enqueue(['a', 'b'], 1);
    queue.enqueue(['b'], 2);
    queue.flush('b');
    queue.flush('b');
    queue.flush('c');
    expect(made).toEqual(['b1', 'b2']);
    await nextTurn();
    expect(made).toEqual(['b1', 'b2', 'a1']);
  });
});
