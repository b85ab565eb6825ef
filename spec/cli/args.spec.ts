import { parseExportArgs } from '../../lib/cli/commands/export-args';
import { parseImportArgs } from '../../lib/cli/commands/import-args';
import { parseTailArgs } from '../../lib/cli/commands/tail-args';

const ENV = { SIMPERIUM_APP_ID: 'env-app', SIMPERIUM_TOKEN: 'env-token-0123456789' };
const CONNECTION = {
  appId: 'env-app',
  token: 'env-token-0123456789',
  baseUrl: 'https://api.simperium.com',
};

describe('the connection and the bucket (every bucket command)', () => {
  it('should take the credentials and the URL from the environment', () => {
    const env = { ...ENV, SIMPERIUM_BASE_URL: 'http://127.0.0.1:9' };
    expect(parseExportArgs(['todo'], env)).toMatchObject({
      kind: 'run',
      options: { bucket: 'todo', connection: { ...CONNECTION, baseUrl: 'http://127.0.0.1:9' } },
    });
  });

  it('should prefer the options to the environment, and ignore empty variables', () => {
    const argv = ['todo', '--app-id', 'a', '--token=t', '--base-url', 'http://localhost:1'];
    expect(parseTailArgs(argv, { ...ENV, SIMPERIUM_BASE_URL: '' })).toMatchObject({
      options: { connection: { appId: 'a', token: 't', baseUrl: 'http://localhost:1' } },
    });
  });

  it.each([
    [[], ENV, 'which bucket? (missing <bucket>)'],
    [['a', 'b', 'c'], ENV, 'one bucket only: 2 more arguments given'],
    [['no/slash'], ENV, 'bucket names are 1-64 characters from A-Z a-z 0-9 . _ % -'],
    [
      ['todo'],
      { SIMPERIUM_TOKEN: 't' },
      'no application id: pass --app-id or set SIMPERIUM_APP_ID',
    ],
    [
      ['todo'],
      { SIMPERIUM_APP_ID: 'a', SIMPERIUM_TOKEN: '' },
      'no token: set SIMPERIUM_TOKEN or pass --token',
    ],
  ])('should refuse %p with %p', (argv, env, message) => {
    for (const parse of [parseTailArgs, parseExportArgs, parseImportArgs]) {
      expect(parse(argv, env)).toEqual({ kind: 'error', message });
    }
  });

  it('should not repeat a stray argument, which may be a secret typed in the wrong place', () => {
    const result = parseImportArgs(['todo', 'f00dfeedf00dfeedf00dfeed'], ENV);
    expect(JSON.stringify(result)).not.toContain('f00dfeed');
  });
});

describe('parseTailArgs', () => {
  it('should default to from now, lines for people, colour allowed', () => {
    expect(parseTailArgs(['todo'], ENV)).toEqual({
      kind: 'run',
      options: { bucket: 'todo', connection: CONNECTION, json: false, color: true },
    });
  });

  it('should read --cv, --json and --no-color, and NO_COLOR', () => {
    expect(parseTailArgs(['todo', '--cv', 'abc123', '--json', '--no-color'], ENV)).toMatchObject({
      options: { cv: 'abc123', json: true, color: false },
    });
    expect(parseTailArgs(['todo'], { ...ENV, NO_COLOR: '1' })).toMatchObject({
      options: { color: false },
    });
  });

  it('should refuse a cursor that cannot be one, and answer help', () => {
    expect(parseTailArgs(['todo', '--cv', 'a b'], ENV)).toEqual({
      kind: 'error',
      message: '--cv needs a cursor: 1-256 visible ASCII characters',
    });
    expect(parseTailArgs(['--help'], {})).toEqual({ kind: 'help' });
  });
});

describe('parseExportArgs', () => {
  it('should default to stdout and pages of 500', () => {
    expect(parseExportArgs(['todo'], ENV)).toEqual({
      kind: 'run',
      options: { bucket: 'todo', connection: CONNECTION, pageSize: 500 },
    });
  });

  it('should read --out and --page-size up to 1000', () => {
    expect(parseExportArgs(['todo', '--out', 'x.ndjson', '--page-size=1000'], ENV)).toMatchObject({
      options: { out: 'x.ndjson', pageSize: 1000 },
    });
    for (const size of ['0', '1001', 'ten']) {
      expect(parseExportArgs(['todo', '--page-size', size], ENV)).toEqual({
        kind: 'error',
        message: '--page-size needs a whole number from 1 to 1000',
      });
    }
  });
});

describe('parseImportArgs', () => {
  it('should default to stdin, no versions, batches of 500, a line every 1000', () => {
    expect(parseImportArgs(['todo'], ENV)).toEqual({
      kind: 'run',
      options: {
        bucket: 'todo',
        connection: CONNECTION,
        withVersions: false,
        batch: 500,
        progressEvery: 1000,
      },
    });
  });

  it('should read --in, --with-versions, --batch and --progress-every', () => {
    const argv = [
      'todo',
      '--in=x.ndjson',
      '--with-versions',
      '--batch',
      '20',
      '--progress-every',
      '5',
    ];
    expect(parseImportArgs(argv, ENV)).toMatchObject({
      options: { in: 'x.ndjson', withVersions: true, batch: 20, progressEvery: 5 },
    });
  });

  it.each([
    [['--batch', '0'], '--batch needs a whole number from 1 to 10000'],
    [['--batch', '10001'], '--batch needs a whole number from 1 to 10000'],
    [['--progress-every', 'often'], '--progress-every needs a whole number from 1 to 1000000000'],
    [['--with-versions=yes'], '--with-versions takes no value'],
  ])('should refuse %p', (extra, message) => {
    expect(parseImportArgs(['todo', ...extra], ENV)).toEqual({ kind: 'error', message });
  });
});
