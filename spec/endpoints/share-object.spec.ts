import { shareObject$ } from '../../lib/endpoints/share-object';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

describe('shareObject$', () => {
  it('should POST the share with read access by default', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200 });
    expect(
      expectRight(await single(shareObject$(ctx, 'todo', 'a1', 'ann@example.com'))),
    ).toBeUndefined();
    const call = mock.onlyCall();
    expect(call.url.split('?')[0]).toBe(`${BASE}/1/my-app/todo/i/a1/share/ann%40example.com`);
    expect(call.body).toBe('{"write_access":false}');
  });

  it('should grant write access and use the ccid given', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 409 });
    expectRight(
      await single(shareObject$(ctx, 'todo', 'a1', 'ann', { writeAccess: true, ccid: 's1' })),
    );
    expect(mock.onlyCall().body).toBe('{"write_access":true}');
    expect(mock.onlyCall().url).toContain('ccid=s1');
  });

  it('should send nothing for an invalid username', async () => {
    const { ctx, mock } = apiContext();
    expect(
      expectLeft(await single(shareObject$(ctx, 'todo', 'a1', '')), 'InvalidArgumentError')
        .argument,
    ).toBe('username');
    expect(mock.calls()).toHaveLength(0);
  });
});
