/**
 * `simperium-rx` as a user runs it: each command a child process against the local server,
 * credentials in its environment (or options), output awaited as it arrives.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { runCli, ROOT, type CliProcess } from '../support/cli-process';
import { expectRight } from '../support/either';
import {
  createUser,
  randomBucket,
  startRemote,
  type Remote,
  type TestUser,
} from '../support/local-server';

jest.setTimeout(60_000);

let remote: Remote;
let dir = '';
beforeAll(async () => {
  remote = await startRemote();
  dir = mkdtempSync(join(tmpdir(), 'simperium-rx-cli-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await remote.close();
});

const envOf = (user: TestUser): Record<string, string> => ({
  SIMPERIUM_APP_ID: remote.app.id,
  SIMPERIUM_TOKEN: user.accessToken,
  SIMPERIUM_BASE_URL: remote.url,
});

/** Fails when the token shows anywhere in what the process printed. */
const expectNoToken = (cli: CliProcess, token: string): void => {
  expect(cli.stdout().includes(token) || cli.stderr().includes(token)).toBe(false);
};

/** The bucket's objects as `[id, data]`, sorted by id. */
const objectsOf = async (user: TestUser, bucket: string): Promise<Array<[string, unknown]>> => {
  const entries = await lastValueFrom(
    user.api.bucket(bucket).index$({ data: true }).pipe(toArray()),
  );
  return entries
    .map((entry) => expectRight(entry))
    .map((entry): [string, unknown] => [entry.id, entry.data])
    .sort(([a], [b]) => (a < b ? -1 : 1));
};

describe('simperium-rx tail', () => {
  it('should print the changes made while it runs, and on SIGTERM the cursor to resume from', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket);
    expectRight(await firstValueFrom(todo.post$('history', { text: 'old' })));
    const cli = runCli(['tail', bucket], { env: envOf(user) });
    await cli.untilStderr(/following \S+ after [0-9a-f]{24}\n/);
    expectRight(await firstValueFrom(todo.post$('milk', { text: 'buy' })));
    const out = await cli.untilStdout(/new milk v1 .*\n/);
    expect(out).toMatch(/^\d\d:\d\d:\d\d new milk v1 \{"text":\{"o":"\+","v":"buy"\}\}\n$/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual([0, null]);
    expect(cli.stderr()).toMatch(/\nresume with: --cv [0-9a-f]{24}\n$/);
    expectNoToken(cli, user.accessToken);
  });

  it('should print NDJSON with --json, and resume from the printed cursor after SIGINT', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const todo = user.api.bucket(bucket);
    const first = runCli(['tail', bucket, '--json'], { env: envOf(user) });
    await first.untilStderr(/following/);
    expectRight(await firstValueFrom(todo.post$('a', { n: 1 })));
    expectRight(await firstValueFrom(todo.post$('a', { n: 2 })));
    const lines = (await first.untilStdout(/"ev":2.*\n/)).trim().split('\n');
    const changes = lines.map((line) => JSON.parse(line) as { id: string; cv: string; ev: number });
    expect(changes).toMatchObject([
      { id: 'a', o: 'M', ev: 1, v: { n: { o: '+', v: 1 } } },
      { id: 'a', o: 'M', sv: 1, ev: 2, v: { n: { o: 'r', v: 2 } } },
    ]);
    first.child.kill('SIGINT');
    expect(await first.exited).toEqual([0, null]);
    expect(first.stderr()).toContain(`resume with: --cv ${changes[1]?.cv}\n`);

    expectRight(await firstValueFrom(todo.delete$('a')));
    const second = runCli(['tail', bucket, '--json', '--cv', changes[1]?.cv ?? ''], {
      env: envOf(user),
    });
    const missed = JSON.parse((await second.untilStdout(/\n/)).trim()) as { cv: string };
    expect(missed).toMatchObject({ id: 'a', o: '-', ev: 3 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual([0, null]);
    expect(second.stderr()).toContain(`resume with: --cv ${missed.cv}\n`);
  });
});

describe('simperium-rx export and import', () => {
  it("should carry a bucket into another user's bucket through a file, with plain progress lines", async () => {
    const alice = await createUser(remote);
    const bob = await createUser(remote);
    const from = randomBucket();
    const into = randomBucket();
    const docs = [
      { text: 'Grüße, 😀', done: false },
      { nested: { list: [1, 2.5, null, 'x'], empty: {} } },
      { text: 'line\nbreak "quoted"' },
      {},
      { n: -1 },
    ];
    for (const [i, doc] of docs.entries()) {
      expectRight(await firstValueFrom(alice.api.bucket(from).post$(`doc-${i}`, doc)));
    }
    expectRight(await firstValueFrom(alice.api.bucket(from).post$('doc-0', { done: true })));
    const file = join(dir, 'round-trip.ndjson');

    // credentials as options this time, none in the environment
    const exported = runCli([
      'export',
      from,
      '--out',
      file,
      '--app-id',
      remote.app.id,
      '--token',
      alice.accessToken,
      '--base-url',
      remote.url,
    ]);
    expect(await exported.exited).toEqual([0, null]);
    expect(exported.stderr()).toBe(`exported 5 objects from ${from} to ${file}\n`);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
      '{"id":"doc-0","version":2,"data":{"text":"Grüße, 😀","done":true}}',
    );

    const imported = runCli(
      ['import', into, '--in', file, '--batch', '2', '--progress-every', '2'],
      {
        env: envOf(bob),
      },
    );
    expect(await imported.exited).toEqual([0, null]);
    expect(imported.stderr()).toMatch(
      new RegExp(
        [
          '^2/5 objects, 40%, [\\d,]+/s, ETA \\d+s',
          '4/5 objects, 80%, [\\d,]+/s, ETA \\d+s',
          '5/5 objects, 100%, [\\d,]+/s',
          `imported 5 objects into ${into}\n$`,
        ].join('\n'),
      ),
    );
    expect(imported.stderr()).not.toContain('\r');
    expect(await objectsOf(bob, into)).toEqual(await objectsOf(alice, from));
    expectNoToken(exported, alice.accessToken);
    expectNoToken(imported, bob.accessToken);
  });

  it('should export to stdout and import from stdin', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    expectRight(await firstValueFrom(user.api.bucket(bucket).post$('x', { a: 1 })));
    const exported = runCli(['export', bucket], { env: envOf(user) });
    expect(await exported.exited).toEqual([0, null]);
    expect(exported.stdout()).toBe('{"id":"x","version":1,"data":{"a":1}}\n');
    const copy = randomBucket();
    const imported = runCli(['import', copy], { env: envOf(user), stdin: exported.stdout() });
    expect(await imported.exited).toEqual([0, null]);
    expect(imported.stderr()).toMatch(
      new RegExp(`^1 object, [\\d,]+/s\nimported 1 object into ${copy}\n$`),
    );
    expect(await objectsOf(user, copy)).toEqual([['x', { a: 1 }]]);
  });

  it('should report a refused entry by id and code, write the others, and exit 1', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const stdin = '{"id":"kept","data":{"k":1}}\n{"id":"someone-else/theirs","data":{}}\n';
    const cli = runCli(['import', bucket], { env: envOf(user), stdin });
    expect(await cli.exited).toEqual([1, null]);
    expect(cli.stderr()).toContain(
      'refused someone-else/theirs: code 404 (no such object, or not visible to this user)\n',
    );
    expect(cli.stderr()).toMatch(/imported 1 object into \S+; 1 failed\n$/);
    expect(await objectsOf(user, bucket)).toEqual([['kept', { k: 1 }]]);
  });
});

describe('credentials and usage', () => {
  it('should never print the token: not in errors, progress, help or usage errors', async () => {
    const user = await createUser(remote);
    const token = user.accessToken;
    const wrong = 'badc0ffee0ddf00dbadc0ffee0ddf00d';
    const cases: Array<[string[], Record<string, string>, string?]> = [
      [['export', randomBucket(), '--token', wrong], envOf(user)],
      [
        ['import', randomBucket()],
        { ...envOf(user), SIMPERIUM_TOKEN: wrong },
        '{"id":"a","data":{}}\n',
      ],
      [['tail', randomBucket()], { ...envOf(user), SIMPERIUM_BASE_URL: 'http://127.0.0.1:1' }],
      [['export', randomBucket(), '--token', token, '--bogus', token], envOf(user)],
      [['tail', randomBucket(), token], envOf(user)],
      [[token], envOf(user)],
      [['import', '--help'], envOf(user)],
    ];
    // one at a time: a burst of processes would starve the timing-sensitive specs run alongside
    const runs: CliProcess[] = [];
    const statuses: Array<number | null> = [];
    for (const [args, env, stdin] of cases) {
      const cli = runCli(args, { env, ...(stdin === undefined ? {} : { stdin }) });
      runs.push(cli);
      statuses.push((await cli.exited)[0]);
    }
    expect(statuses).toEqual([1, 1, 1, 2, 2, 2, 0]);
    expect(runs[0]?.stderr()).toMatch(/answered 401 Unauthorized/);
    expect(runs[2]?.stderr()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
    for (const cli of runs) {
      expectNoToken(cli, token);
      expectNoToken(cli, wrong);
    }
  });

  it.each([
    [['tail'], 'which bucket? (missing <bucket>)', 'Usage: simperium-rx tail <bucket>'],
    [
      ['export', 'b', '--page-size', '0'],
      '--page-size needs a whole number from 1 to 1000',
      'Usage: simperium-rx export <bucket>',
    ],
    [['import', 'b', '--merge'], 'unknown option --merge', 'Usage: simperium-rx import <bucket>'],
    [
      ['serve', '--port', 'eighty'],
      '--port needs a whole number up to 65535',
      'Usage: simperium-rx serve',
    ],
  ])(
    "should exit 2 for %p, with the message and the command's usage",
    async (args, message, usage) => {
      const cli = runCli(args, { env: { SIMPERIUM_APP_ID: 'app', SIMPERIUM_TOKEN: 'token' } });
      expect(await cli.exited).toEqual([2, null]);
      expect(cli.stderr().startsWith(`${message}\n\n${usage}`)).toBe(true);
      expect(cli.stdout()).toBe('');
    },
  );

  it('should exit 2 without credentials, naming the variable to set', async () => {
    const cli = runCli(['export', 'todo'], { env: { SIMPERIUM_APP_ID: 'app' } });
    expect(await cli.exited).toEqual([2, null]);
    expect(cli.stderr()).toMatch(
      /^no token: set SIMPERIUM_TOKEN or pass --token\n\nUsage: simperium-rx export/,
    );
  });
});

describe('simperium-rx serve, --help and --version', () => {
  it('should serve until SIGTERM', async () => {
    const cli = runCli(['serve', '--port', '0', '--quiet']);
    await cli.untilStdout(/admin key: \S+\n/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual([0, null]);
    expect(cli.stdout()).toMatch(/\nserver closed\n$/);
  });

  it('should list the commands and print the version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const [help, shown] = [runCli(['--help']), runCli(['--version'])];
    expect(await help.exited).toEqual([0, null]);
    expect(help.stdout()).toMatch(
      /^Usage: simperium-rx <command>[^]*serve[^]*tail[^]*export[^]*import/,
    );
    expect(await shown.exited).toEqual([0, null]);
    expect(shown.stdout()).toBe(`${version}\n`);
  });
});
