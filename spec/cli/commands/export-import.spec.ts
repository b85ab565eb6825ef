/**
 * `export` and `import` run in-process against the local server: the NDJSON, the counts and
 * progress on stderr, each failure's report and status. (spec/cli/cli.spec.ts runs them as child
 * processes.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { exportCommand } from '../../../lib/cli/commands/export';
import { importCommand } from '../../../lib/cli/commands/import';
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
let dir = '';
beforeAll(async () => {
  remote = await startRemote();
  dir = mkdtempSync(join(tmpdir(), 'simperium-rx-cli-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await remote.close();
});

const envOf = (user: TestUser) => ({
  SIMPERIUM_APP_ID: remote.app.id,
  SIMPERIUM_TOKEN: user.accessToken,
  SIMPERIUM_BASE_URL: remote.url,
});

const ioFor = (user: TestUser, options: TestIoOptions = {}) =>
  testIo({ env: envOf(user), ...options });

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

describe('export, in-process', () => {
  it('should write each object as a line of NDJSON, most recent first, and count them on stderr', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    for (const [id, n] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      expectRight(await firstValueFrom(user.api.bucket(bucket).post$(id, { n })));
    }
    const run = ioFor(user);
    expect(await exportCommand.run([bucket, '--page-size', '2'], run.io)).toBe(0);
    expect(run.stdout.text()).toBe(
      '{"id":"c","version":1,"data":{"n":3}}\n{"id":"b","version":1,"data":{"n":2}}\n{"id":"a","version":1,"data":{"n":1}}\n',
    );
    expect(run.stderr.text()).toBe(`exported 3 objects from ${bucket}\n`);
  });

  it('should write to --out, and fail with status 1 when the file cannot be written', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    expectRight(await firstValueFrom(user.api.bucket(bucket).post$('only', { x: true })));
    const out = join(dir, 'one.ndjson');
    const run = ioFor(user);
    expect(await exportCommand.run([bucket, '--out', out], run.io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('{"id":"only","version":1,"data":{"x":true}}\n');
    expect(run.stderr.text()).toBe(`exported 1 object from ${bucket} to ${out}\n`);
    const refused = ioFor(user);
    expect(
      await exportCommand.run([bucket, '--out', join(dir, 'no', 'such.ndjson')], refused.io),
    ).toBe(1);
    expect(refused.stderr.text()).toMatch(/^cannot write .*no\/such\.ndjson: ENOENT/);
  });

  it('should fail with status 1 and say the export is incomplete when the server cannot be reached', async () => {
    const user = await createUser(remote);
    const run = testIo({ env: { ...envOf(user), SIMPERIUM_BASE_URL: 'http://127.0.0.1:1' } });
    expect(await exportCommand.run([randomBucket()], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:1\/.*\nexported 0 objects from \S+\nthe export is incomplete\n$/,
    );
  });

  it('should stop when asked to, with status 1, and show help and bad usage', async () => {
    const user = await createUser(remote);
    const run = ioFor(user);
    run.stop();
    expect(await exportCommand.run([randomBucket()], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(/stopped before the end: the export is incomplete\n$/);
    const help = testIo();
    expect(await exportCommand.run(['-h'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(/^Usage: simperium-rx export <bucket>/);
    const bad = testIo({ env: { SIMPERIUM_APP_ID: 'bad app', SIMPERIUM_TOKEN: 'x' } });
    expect(await exportCommand.run(['todo'], bad.io)).toBe(2);
    expect(bad.stderr.text()).toMatch(/^appId must be .*\n\nUsage: simperium-rx export/s);
  });
});

describe('import, in-process', () => {
  it('should write stdin through bulk writes, replacing whole documents, version left out', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    expectRight(await firstValueFrom(user.api.bucket(bucket).post$('a', { old: 1, n: 0 })));
    const lines = [
      '{"id":"a","version":9,"data":{"n":1}}\n',
      '{"id":"b","data":{"n":2}}\n',
      '{"id":"c","data":{"n":3}}',
    ];
    const run = ioFor(user, { stdin: lines });
    expect(await importCommand.run([bucket, '--batch', '2', '--progress-every', '1'], run.io)).toBe(
      0,
    );
    expect(await objectsOf(user, bucket)).toEqual([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
      ['c', { n: 3 }],
    ]);
    expect(run.stderr.text()).toMatch(
      /^2 objects, [\d,]+\/s\n3 objects, [\d,]+\/s\nimported 3 objects into \S+\n$/,
    );
  });

  it('should send versions with --with-versions, so later changes are kept rather than overwritten', async () => {
    const user = await createUser(remote);
    const line = '{"id":"x","version":1,"data":{"text":"hello world","n":1}}\n';
    const results: unknown[] = [];
    for (const flags of [[], ['--with-versions']]) {
      const bucket = randomBucket();
      const todo = user.api.bucket(bucket);
      expectRight(await firstValueFrom(todo.post$('x', { text: 'hello', n: 1 })));
      expectRight(await firstValueFrom(todo.post$('x', { n: 2 })));
      expect(await importCommand.run([bucket, ...flags], ioFor(user, { stdin: [line] }).io)).toBe(
        0,
      );
      results.push(expectRight(await firstValueFrom(todo.get$('x'))).data);
    }
    expect(results).toEqual([
      { text: 'hello world', n: 1 },
      { text: 'hello world', n: 2 },
    ]);
  });

  it('should report lines that are not objects and entries the server refuses, and end with status 1', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, '{"id":"ok","data":{}}\nnot json\n{"id":"nobody/x","data":{}}\n');
    const run = ioFor(user);
    expect(await importCommand.run([bucket, '--in', file], run.io)).toBe(1);
    expect(run.stderr.text().split('\n')).toEqual([
      'line 2: not JSON',
      'refused nobody/x: code 404 (no such object, or not visible to this user)',
      expect.stringMatching(/^3\/3 objects, 100%, [\d,]+\/s, 2 failed$/),
      `imported 1 object into ${bucket}; 2 failed`,
      '',
    ]);
    expect(await objectsOf(user, bucket)).toEqual([['ok', {}]]);
  });

  it('should skip a line the client would refuse to send, and write the rest of its batch', async () => {
    const user = await createUser(remote);
    const bucket = randomBucket();
    const stdin = ['{"id":"bad","data":{"t":"\\ud800"}}\n{"id":"good","data":{}}\n'];
    const run = ioFor(user, { stdin });
    expect(await importCommand.run([bucket], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(
      /^line 1: bad: data holds a lone surrogate, not Unicode text\n/,
    );
    expect(await objectsOf(user, bucket)).toEqual([['good', {}]]);
  });

  it('should draw a bar on a terminal, against the total of the file', async () => {
    const user = await createUser(remote);
    const file = join(dir, 'ten.ndjson');
    writeFileSync(
      file,
      Array.from({ length: 10 }, (_, i) => `{"id":"o${i}","data":{"i":${i}}}\n`).join(''),
    );
    let clock = 0;
    const run = ioFor(user, { tty: true, now: () => (clock += 100) });
    expect(await importCommand.run([randomBucket(), '--in', file, '--batch', '5'], run.io)).toBe(0);
    expect(run.stderr.text()).toContain('\r\x1b[2K[████████████░░░░░░░░░░░░] 5/10 objects  50%  ');
    const end = run.stderr
      .text()
      .split(`\r\x1b[2K[${'█'.repeat(24)}] `)
      .pop();
    expect(end).toMatch(/^10\/10 objects {2}100% {2}[\d,]+\/s\nimported 10 objects into \S+\n$/);
  });

  it('should stop at the first failed request, with status 1, naming it', async () => {
    const user = await createUser(remote);
    const token = 'deadbeefdeadbeefdeadbeefdeadbeef';
    const run = testIo({
      env: { ...envOf(user), SIMPERIUM_TOKEN: token },
      stdin: ['{"id":"a","data":{}}\n'.repeat(3)],
    });
    expect(await importCommand.run([randomBucket(), '--batch', '1'], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(
      /^1 objects?.*\nimported 0 objects into \S+; 1 failed\nPOST \S+ answered 401 Unauthorized/,
    );
    expect(run.stderr.text()).not.toContain(token);
  });

  it('should stop when asked to while stdin is still open, with status 1', async () => {
    const user = await createUser(remote);
    const stdin = new Readable({ read: () => undefined });
    stdin.push('{"id":"a","data":{}}\n');
    const run = ioFor(user, { stdin });
    const status = importCommand.run(
      [randomBucket(), '--batch', '1', '--progress-every', '1'],
      run.io,
    );
    await run.stderr.until(/1 object/);
    run.stop();
    expect(await status).toBe(1);
    expect(run.stderr.text()).toMatch(
      /imported 1 object into \S+\nstopped before the end of the input\n$/,
    );
    expect(stdin.destroyed).toBe(true);
  });

  it('should fail with status 1 for a file it cannot read, and refuse bad usage', async () => {
    const user = await createUser(remote);
    const run = ioFor(user);
    expect(await importCommand.run(['todo', '--in', join(dir, 'missing.ndjson')], run.io)).toBe(1);
    expect(run.stderr.text()).toMatch(/^cannot read .*missing\.ndjson: ENOENT/);
    const bad = ioFor(user);
    expect(await importCommand.run(['todo', '--batch', '0'], bad.io)).toBe(2);
    expect(bad.stderr.text()).toMatch(/^--batch needs .*\n\nUsage: simperium-rx import <bucket>/s);
    const help = testIo();
    expect(await importCommand.run(['todo', '--help'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(/^Usage: simperium-rx import <bucket>/);
  });
});
