/**
 * `serve` and the program's dispatch, run in-process. (spec/cli/cli.spec.ts and
 * spec/server/cli.spec.ts run them as child processes.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveCommand } from '../../../lib/cli/commands/serve';
import { runProgram, USAGE } from '../../../lib/cli/program';
import { testIo } from '../../support/cli-io';

const { version } = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as {
  version: string;
};

describe('serve, in-process', () => {
  const serve = serveCommand('simperium-rx serve');

  it('should serve, log requests, and close when asked to stop', async () => {
    const run = testIo();
    const status = serve.run(['--port', '0', '--app', 'cli-app:k:a'], run.io);
    const url = /listening on (\S+)\n/.exec(await run.stdout.until(/listening on \S+\n/))?.[1];
    expect((await fetch(`${url}/1/cli-app/todo/index`)).status).toBe(401);
    await run.stdout.until(/GET \/1\/cli-app\/todo\/index 401/);
    run.stop();
    expect(await status).toBe(0);
    expect(run.stdout.text()).toMatch(/\nserver closed\n$/);
    expect(run.stdout.text()).not.toContain('api key');
  });

  it("should print the apps' keys without --app, and log nothing with --quiet", async () => {
    const run = testIo();
    const status = serve.run(['--port=0', '--quiet'], run.io);
    await run.stdout.until(/streaming: \S+\n/);
    run.stop();
    expect(await status).toBe(0);
    expect(run.stdout.text()).toMatch(
      /^simperium-rx server listening on \S+\napp id: \S+\n {2}api key: \S+\n {2}admin key: \S+\n {2}streaming: ws:\/\/127\.0\.0\.1:\d+\/sock\/1\/\S+\/websocket\nserver closed\n$/,
    );
  });

  it('should answer help and the version, refuse a bad flag with 2, and a failed start with 1', async () => {
    const help = testIo();
    expect(await serve.run(['--help'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(/^Usage: simperium-rx serve \[options\]\n/);
    const shown = testIo();
    expect(await serve.run(['--version'], shown.io)).toBe(0);
    expect(shown.stdout.text()).toBe(`${version}\n`);
    const bad = testIo();
    expect(await serve.run(['--port', 'x'], bad.io)).toBe(2);
    expect(bad.stderr.text()).toMatch(
      /^--port needs a whole number up to 65535\n\nUsage: simperium-rx serve/,
    );
    const failed = testIo();
    expect(await serve.run(['--port', '0', '--db', '/no/such/folder/x.sqlite'], failed.io)).toBe(1);
    expect(failed.stderr.text()).toMatch(/^cannot open the database \/no\/such\/folder\/x\.sqlite/);
  });
});

describe('runProgram', () => {
  it('should list the commands for --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = testIo();
      expect(await runProgram(argv, run.io)).toBe(0);
      expect(run.stdout.text()).toBe(`${USAGE}\n`);
    }
    expect(USAGE).toMatch(
      /serve +run the local[^]*tail <bucket> +print[^]*export <bucket>[^]*import <bucket>/,
    );
  });

  it("should show a command's help for help <command>, and the version", async () => {
    const help = testIo();
    expect(await runProgram(['help', 'import'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(/^Usage: simperium-rx import <bucket>/);
    const shown = testIo();
    expect(await runProgram(['--version'], shown.io)).toBe(0);
    expect(shown.stdout.text()).toBe(`${version}\n`);
  });

  it('should run the command named, with the arguments after its name', async () => {
    const run = testIo();
    expect(await runProgram(['export', '--help'], run.io)).toBe(0);
    expect(run.stdout.text()).toMatch(/^Usage: simperium-rx export <bucket>/);
  });

  it('should refuse no command, an unknown one or an unknown option with 2, without repeating it', async () => {
    for (const [argv, message] of [
      [[], 'which command?'],
      [['f00dfeedf00dfeed'], 'unknown command'],
      [['--f00dfeedf00dfeed'], 'unknown option'],
    ] as const) {
      const run = testIo();
      expect(await runProgram(argv, run.io)).toBe(2);
      expect(run.stderr.text()).toBe(`${message}\n\n${USAGE}\n`);
    }
  });
});
