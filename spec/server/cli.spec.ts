import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'lib', 'server', 'cli.ts');

const run = (args: string[]) => {
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves with stdout once it matches `pattern`. */
  const output = async (pattern: RegExp): Promise<string> => {
    while (!pattern.test(stdout)) {
      const closed = await Promise.race([
        once(child.stdout, 'data').then(() => false),
        exited.then(() => true),
      ]);
      if (closed && !pattern.test(stdout))
        throw new Error(`exited without ${pattern}: ${stdout}${stderr}`);
    }
    return stdout;
  };
  return { child, exited, output, stderr: () => stderr };
};

describe('simperium-rx-server', () => {
  it('should serve a demo app, print its keys and stop cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0']);
    const out = await cli.output(/admin key: [0-9a-f]{32}\n/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const appId = /app id: (\S+)/.exec(out)?.[1];
    const apiKey = /api key: (\S+)/.exec(out)?.[1];
    const res = await fetch(`${url}/1/${appId}/create/`, {
      method: 'POST',
      headers: { 'X-Simperium-API-Key': apiKey ?? '' },
      body: JSON.stringify({ username: 'cli@b.com', password: 'p' }),
    });
    expect(res.status).toBe(200);
    await cli.output(/POST \/1\/\S+\/create\/ 200/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual([0, null]);
    expect(await cli.output(/server closed/)).not.toContain('cli@b.com');
  });

  it('should print the usage for --help', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toEqual([0, null]);
    expect(await cli.output(/Usage: simperium-rx-server/)).toContain('--poll-window');
  });

  it('should exit with status 2 on a bad argument', async () => {
    const cli = run(['--port', 'eighty']);
    expect(await cli.exited).toEqual([2, null]);
    expect(cli.stderr()).toContain('--port needs a whole number');
  });
});
