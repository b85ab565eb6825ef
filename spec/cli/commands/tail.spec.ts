/**
 * `tail` run in-process against the local server: what it prints, when it stops, what status it
 * ends with. (spec/cli/cli.spec.ts runs it as a child process.)
 */
import { firstValueFrom } from 'rxjs';
import { tail } from '../../../lib/cli/commands/tail';
import {
  createUser,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../../support/local-server';
import { expectRight } from '../../support/either';
import { testIo, type TestIoOptions } from '../../support/cli-io';

let remote: Remote;
beforeAll(async () => (remote = await startRemote()));
afterAll(() => remote.close());

const envOf = (user: TestUser) => ({
  SIMPERIUM_APP_ID: remote.app.id,
  SIMPERIUM_TOKEN: user.accessToken,
  SIMPERIUM_BASE_URL: remote.url,
});

/** Starts `tail` with `args` for `user`; `started` resolves with the cursor it follows from. */
const start = (user: TestUser, args: string[], options: TestIoOptions = {}) => {
  const run = testIo({ env: envOf(user), ...options });
  const status = tail.run(args, run.io);
  const started = run.stderr
    .until(/following \S+ after \S+\n/)
    .then((text) => /following \S+ after (\S+)\n/.exec(text)?.[1] ?? '');
  return { ...run, status, started };
};

describe('tail, in-process', () => {
  it('should print changes from now on in colour on a terminal, then the cursor to resume from', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket);
    expectRight(await firstValueFrom(todo.post$('before', { n: 0 })));
    const run = start(user, [bucket], {
      tty: true,
      now: () => new Date(2024, 0, 1, 9, 30, 0).getTime(),
    });
    await run.started;
    expectRight(await firstValueFrom(todo.post$('after', { n: 1 })));
    expectRight(await firstValueFrom(todo.delete$('after')));
    const out = await run.stdout.until(/del/);
    expect(out).toBe(
      '\x1b[2m09:30:00\x1b[22m \x1b[32mnew\x1b[39m \x1b[1mafter\x1b[22m v1 {"n":{"o":"+","v":1}}\n' +
        '\x1b[2m09:30:00\x1b[22m \x1b[31mdel\x1b[39m \x1b[1mafter\x1b[22m v2\n',
    );
    run.stop();
    expect(await run.status).toBe(0);
    expect(run.stderr.text()).toMatch(/\nresume with: --cv [0-9a-f]{24}\n$/);
  });

  it('should resume after --cv, printing NDJSON, and give back the last change cursor', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket);
    const first = start(user, [bucket, '--json']);
    const from = await first.started;
    first.stop();
    await first.status;
    expect(first.stderr.text()).toContain(`resume with: --cv ${from}\n`);
    expectRight(await firstValueFrom(todo.post$('missed', { text: 'é' })));
    const second = start(user, [bucket, '--json', '--cv', from], { tty: true });
    expect(await second.started).toBe(from);
    const change = JSON.parse((await second.stdout.until(/\n/)).trim()) as {
      id: string;
      cv: string;
    };
    expect(change).toMatchObject({ id: 'missed', o: 'M', ev: 1, v: { text: { o: '+', v: 'é' } } });
    second.stop();
    expect(await second.status).toBe(0);
    expect(second.stderr.text()).toContain(`resume with: --cv ${change.cv}\n`);
  });

  it('should end with status 1 and no cursor when the server does not know the one given', async () => {
    const user = await createUser(remote);
    const run = start(user, [randomBucket(), '--cv', 'ffffffffffffffffffffffff']);
    expect(await run.status).toBe(1);
    expect(run.stderr.text()).toMatch(
      /no longer knows the cursor f{24}.*\nno cursor to resume from\n$/s,
    );
  });

  it('should end with status 1 when the token is refused, without printing it', async () => {
    const user = await createUser(remote);
    const token = 'deadbeefdeadbeefdeadbeefdeadbeef';
    const run = testIo({ env: { ...envOf(user), SIMPERIUM_TOKEN: token } });
    expect(await tail.run([randomBucket()], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(/answered 401 .*\nstopped before the feed started\n$/s);
    expect(run.stdout.text() + run.stderr.text()).not.toContain(token);
  });

  it('should stop at once when asked to before it started', async () => {
    const user = await createUser(remote);
    const run = testIo({ env: envOf(user) });
    run.stop();
    expect(await tail.run([randomBucket()], run.io)).toBe(0);
    expect(run.stderr.text()).toBe('stopped before the feed started\n');
  });

  it('should refuse bad usage with status 2 and its usage, and show help with status 0', async () => {
    const plain = testIo({ env: { SIMPERIUM_APP_ID: 'app', SIMPERIUM_TOKEN: 'token-value' } });
    expect(await tail.run(['todo', '--base-url', 'http://example.com'], plain.io)).toBe(2);
    expect(plain.stderr.text()).toMatch(
      /would send credentials in clear text.*\n\nUsage: simperium-rx tail/s,
    );
    const bad = testIo();
    expect(await tail.run(['todo', '--cv'], bad.io)).toBe(2);
    expect(bad.stderr.text()).toMatch(/^--cv needs a value\n\nUsage: simperium-rx tail <bucket>/);
    const help = testIo();
    expect(await tail.run(['--help'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(/^Usage: simperium-rx tail <bucket> \[options\]\n/);
  });
});
