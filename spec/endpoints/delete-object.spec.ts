import { deleteObject$ } from '../../lib/endpoints/delete-object';
import { single } from '../support/collect';
import { expectLeft, expectRight } from '../support/either';
import { BASE, apiContext } from '../support/endpoint-context';

describe('deleteObject$', () => {
  it('should DELETE the object and read the version the server sends', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 200, headers: { 'X-Simperium-Version': '4' } });
    expect(expectRight(await single(deleteObject$(ctx, 'todo', 'a1')))).toEqual({
      id: 'a1',
      version: 4,
    });
    const call = mock.onlyCall();
    expect(call.method).toBe('DELETE');
    expect(call.url).toMatch(
      new RegExp(`^${BASE}/1/my-app/todo/i/a1\\?clientid=rx-test&ccid=[0-9a-f]{32}$`),
    );
  });

  it('should delete a version only, with the ccid given, and take 409 as done', async () => {
    const { ctx, mock } = apiContext();
    mock.fm.route('*', { status: 409 });
    expect(
      expectRight(await single(deleteObject$(ctx, 'todo', 'a1', { version: 3, ccid: 'c' }))),
    ).toEqual({
      id: 'a1',
    });
    expect(mock.onlyCall().url).toBe(`${BASE}/1/my-app/todo/i/a1/v/3?clientid=rx-test&ccid=c`);
  });

  it('should send nothing for an invalid bucket', async () => {
    const { ctx, mock } = apiContext();
    expectLeft(await single(deleteObject$(ctx, 'no/such', 'a1')), 'InvalidArgumentError');
    expect(mock.calls()).toHaveLength(0);
  });
});
