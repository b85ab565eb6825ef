/**
 * `examples/worker.ts` as a deployment runs it: a child process following every bucket of an app
 * on the local server with the admin key, stopped with SIGTERM in the middle of a burst of writes
 * and started again after more writes. Across both runs it must handle every change exactly once,
 * in order within each bucket, resuming from the cursor file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { Api, Auth, type JsonObject } from '../../lib';
import { startServer, type RunningServer } from '../../lib/server';
import { startScript, type ChildScript } from '../support/child-script';
import { expectRight } from '../support/either';

jest.setTimeout(60_000);

/** A change the worker printed: `todo modify {userId}/{id} v2 by ann@example.com cv=…`. */
const CHANGE = /^(\S+) (modify|delete) (\S+) v(\d+) by (\S+) cv=(\S+)$/;

interface Handled {
  readonly bucket: string;
  readonly key: string; // `{userId}/{id} v{version}`
  readonly cv: string;
}

const handled = (lines: ReadonlyArray<string>): Handled[] =>
  lines.flatMap((line) => {
    const m = CHANGE.exec(line);
    return m === null ? [] : [{ bucket: m[1]!, key: `${m[3]} v${m[4]}`, cv: m[6]! }];
  });

describe('examples/worker.ts', () => {
  let server: RunningServer;
  let dir: string;
  const workers: ChildScript[] = [];

  beforeAll(async () => {
    server = await startServer({ pollWindowMs: 10_000 });
    dir = mkdtempSync(join(tmpdir(), 'simperium-rx-worker-'));
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('should handle every change of every bucket exactly once across a restart, resuming from its cursor file', async () => {
    const app = server.apps[0]!;
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    const signUp = async (username: string) => {
      const user = expectRight(await firstValueFrom(auth.create$(username, 'a password')));
      return {
        userId: user.userId,
        api: new Api(app.id, user.accessToken, { baseUrl: server.url }),
      };
    };
    const ann = await signUp('ann@example.com');
    const bob = await signUp('bob@example.com');

    // Every write, as the key the worker prints for its change.
    const expected: Array<{ bucket: string; key: string }> = [];
    const write = async (
      who: { userId: string; api: Api },
      bucket: string,
      id: string,
      data: JsonObject | null,
    ): Promise<void> => {
      const objects = who.api.bucket(bucket);
      const result =
        data === null
          ? expectRight(await firstValueFrom(objects.delete$(id)))
          : expectRight(await firstValueFrom(objects.post$(id, data)));
      expected.push({ bucket, key: `${who.userId}/${id} v${result.version}` });
    };

    await write(ann, 'todo', 'milk', { text: 'milk', done: false });
    await write(bob, 'note', 'hello', { text: 'hello' });
    const cursorFile = join(dir, 'cursors.json');
    const env = {
      SIMPERIUM_APP_ID: app.id,
      SIMPERIUM_ADMIN_KEY: app.adminKey,
      SIMPERIUM_BASE_URL: server.url,
    };
    const start = (): ChildScript => {
      const worker = startScript('examples/worker.ts', ['--cursors', cursorFile], env);
      workers.push(worker);
      return worker;
    };
    const count = (n: number) => (lines: ReadonlyArray<string>) => handled(lines).length >= n;

    // First run: it lists the buckets and follows both from the start.
    const first = start();
    await first.until(count(2));
    await write(ann, 'todo', 'milk', { done: true });
    await write(bob, 'note', 'hello', null);
    await first.until(count(4));

    // A burst of writes in both buckets; SIGTERM as soon as the first of them is handled.
    const burst = Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? write(ann, 'todo', `t${i}`, { text: `todo ${i}`, done: false })
          : write(bob, 'note', `n${i}`, { text: `note ${i}` }),
      ),
    );
    await first.until(count(5));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.lines[first.lines.length - 1]).toBe('stopped');
    await burst;

    // Writes while it is down.
    await write(ann, 'todo', 't0', { done: true });
    await write(bob, 'note', 'n1', null);

    // Second run: it resumes each bucket after the cursor the first run saved last.
    const saved = JSON.parse(readFileSync(cursorFile, 'utf8')) as Record<string, string>;
    const second = start();
    await second.line((line) => line === `following todo after ${saved.todo}`);
    await second.line((line) => line === `following note after ${saved.note}`);
    const beforeRestart = handled(first.lines).length;
    await second.until(count(expected.length - beforeRestart));
    await write(ann, 'todo', 'eggs', { text: 'eggs', done: false });
    await second.until(count(expected.length - beforeRestart));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // Exactly once: the changes handled by both runs are the writes, none missing or repeated.
    const all = [...handled(first.lines), ...handled(second.lines)];
    const keys = (list: ReadonlyArray<{ bucket: string; key: string }>) =>
      list.map(({ bucket, key }) => `${bucket} ${key}`).sort();
    expect(keys(all)).toEqual(keys(expected));
    expect(new Set(all.map(({ bucket, cv }) => `${bucket} ${cv}`)).size).toBe(all.length);
    // In the server's order within each bucket: cursors only go up.
    for (const bucket of ['todo', 'note']) {
      const cvs = all.filter((change) => change.bucket === bucket).map((change) => change.cv);
      expect(cvs).toEqual([...cvs].sort());
    }
    expect(first.stderr() + second.stderr()).toBe('');
  });
});
