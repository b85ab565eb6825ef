import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'lib', 'server', 'cli.ts');

const HIDE_MODULES = join(__dirname, '..', 'support', 'hide-modules.js');

/** Runs the CLI; `hide` names packages that behave as if they were not installed. */
const run = (args: string[], hide: string[] = []) => {
  const env =
    hide.length === 0
      ? process.env
      : {
          ...process.env,
          HIDE_MODULES: hide.join(','),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${HIDE_MODULES}`,
        };
  const child = spawn(TSX, args[0] === '--eval' ? args : [CLI, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

  it('should print the package version for --version', async () => {
    const cli = run(['--version']);
    expect(await cli.exited).toEqual([0, null]);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await cli.output(/\n$/)).toBe(`${version}\n`);
  });

  describe('without better-sqlite3 installed', () => {
    it('should still print the usage for --help', async () => {
      const cli = run(['--help'], ['better-sqlite3']);
      expect(await cli.exited).toEqual([0, null]);
      expect(await cli.output(/Usage: simperium-rx-server/)).toContain('better-sqlite3@12');
    });

    it('should still import the server module, and reject startServer with what to install', async () => {
      const script = `
        const { startServer } = require('./lib/server');
        console.log(typeof startServer);
        startServer({ port: 0 }).then(
          () => console.log('started'),
          (e) => console.log('rejected: ' + e.message),
        );`;
      const cli = run(['--eval', script], ['better-sqlite3']);
      expect(await cli.exited).toEqual([0, null]);
      expect(
        await cli.output(
          /rejected: the local server needs better-sqlite3: npm install better-sqlite3@12\n/,
        ),
      ).toMatch(/^function\n/);
    });

    it('should say in one line what to install, with no stack trace, and exit 1', async () => {
      const cli = run(['--port', '0'], ['better-sqlite3']);
      expect(await cli.exited).toEqual([1, null]);
      expect(cli.stderr()).toBe(
        'the local server needs better-sqlite3: npm install better-sqlite3@12\n',
      );
    });
  });

  describe('without ws installed', () => {
    it('should serve HTTP, and answer an upgrade to the streaming endpoint with a 501 naming ws', async () => {
      const script = `
        const { startServer } = require('./lib/server');
        const { connect } = require('node:net');
        startServer({ port: 0, apps: [{ id: 'app', apiKey: 'k', adminKey: 'a' }] }).then(async (server) => {
          const res = await fetch(server.url + '/1/app/note/index');
          const text = await new Promise((resolve) => {
            const socket = connect(server.port, '127.0.0.1', () => socket.write(
              'GET /sock/1/app/websocket HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\n' +
              'Upgrade: websocket\\r\\nSec-WebSocket-Version: 13\\r\\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n'));
            let out = '';
            socket.on('data', (chunk) => (out += chunk));
            socket.on('close', () => resolve(out));
          });
          console.log('http ' + res.status);
          console.log(text.split('\\r\\n')[0] + ' / ' + text.split('\\r\\n\\r\\n')[1]);
          await server.close();
        });`;
      const cli = run(['--eval', script], ['ws']);
      expect(await cli.exited).toEqual([0, null]);
      expect(await cli.output(/\n$/)).toBe(
        'http 401\nHTTP/1.1 501 Not Implemented / the streaming endpoint needs ws: npm install ws@8\n',
      );
    });
  });

  it('should name the path of a database in a folder that does not exist', async () => {
    const cli = run(['--port', '0', '--db', '/no/such/folder/x.sqlite']);
    expect(await cli.exited).toEqual([1, null]);
    expect(cli.stderr()).toBe(
      'cannot open the database /no/such/folder/x.sqlite: the folder /no/such/folder does not exist\n',
    );
  });
});
