import { listBuckets$ } from '../../lib/endpoints/list-buckets';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

describe('listBuckets$', () => {
  it('should GET the bucket list and emit the names', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, body: { buckets: [{ name: 'todo' }, { name: 'note' }] } });
    expect(expectRight(await single(listBuckets$(ctx)))).toEqual(['todo', 'note']);
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/buckets`);
  });

  it("should retry as the context's policy says", async () => {
    const { ctx, mock } = apiContext({ count: 1, initialDelay: 1, jitter: 0 });
    let n = 0;
    mock.fm.route('*', () =>
      n++ === 0 ? { status: 503 } : { status: 200, body: { buckets: [] } },
    );
    expect(expectRight(await single(listBuckets$(ctx)))).toEqual([]);
    expect(mock.calls()).toHaveLength(2);
  });

  it('should refuse an answer that is not a bucket list', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, body: { buckets: 'todo' } });
    expectLeft(await single(listBuckets$(ctx)), 'DecodeError');
  });
});
