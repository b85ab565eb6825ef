/**
 * The package as an app gets it: packed with `npm pack` (which builds it), installed into a
 * scratch project, its executables run with npx, then imported from ES modules and CommonJS, type-checked by a consumer under
 * `nodenext` and `bundler`, bundled for the browser, and measured against the size budgets.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_ENTRY,
  bundle,
  describeMeasure,
  formatSizeTable,
  installScratch,
  measure,
  pack,
  withinBudget,
  type SizeMeasure,
} from '../../bench/bundle-size';

jest.setTimeout(300_000);

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args` in `cwd`; never rejects, so a failure can show what was printed. */
const runIn = (cwd: string, file: string, args: ReadonlyArray<string>): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(file, [...args], { cwd, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });

const node = (cwd: string, script: string): Promise<Ran> => runIn(cwd, process.execPath, [script]);

let dir = '';
let scratch = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simperium-rx-package-'));
  scratch = join(dir, 'scratch');
  await installScratch(await pack(join(dir, 'pack')), scratch);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const installed = (...path: string[]): string =>
  join(scratch, 'node_modules', 'simperium-rx', ...path);

describe('the packed tarball', () => {
  it('should hold both builds, their types, the server and the command line in CommonJS only, and the changelog', () => {
    const shipped = [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/esm/index.js',
      'dist/esm/index.d.ts',
      'dist/esm/package.json',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/package.json',
      'dist/cjs/server/index.js',
      'dist/cjs/server/index.d.ts',
      'dist/cjs/server/cli.js',
      'dist/cjs/cli/main.js',
    ];
    const left = ['dist/esm/server', 'dist/esm/cli', 'lib', 'spec', 'bench', 'tsconfig.json'];
    expect({
      missing: shipped.filter((path) => !existsSync(installed(path))),
      unexpected: left.filter((path) => existsSync(installed(path))),
    }).toEqual({ missing: [], unexpected: [] });
  });
});

describe('the executables of the installed package', () => {
  const { version } = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  /** Runs `npx <args>` in the scratch project, offline: the bin must come from the tarball. */
  const npx = (...args: string[]): Promise<Ran> => runIn(scratch, 'npx', ['--offline', ...args]);

  it("should run npx simperium-rx --help and --version, and a command's --help", async () => {
    const [help, shown, tailHelp] = await Promise.all([
      npx('simperium-rx', '--help'),
      npx('simperium-rx', '--version'),
      npx('simperium-rx', 'tail', '--help'),
    ]);
    expect(help).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Usage: simperium-rx <command>/),
      stderr: '',
    });
    expect(shown).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(tailHelp).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: simperium-rx tail <bucket>/),
    });
  });

  it('should keep simperium-rx-server, with its own usage and the version', async () => {
    const [help, shown] = await Promise.all([
      npx('simperium-rx-server', '--help'),
      npx('simperium-rx-server', '--version'),
    ]);
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: simperium-rx-server \[options\]/),
    });
    expect(shown).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

/**
 * A script that starts the local server, signs a user up through `Auth`, writes and reads an
 * object through `Api`, is refused through the functional core with a wrong token, and prints
 * what it saw as JSON. `header` loads the modules (`import` or `require`) and defines `resolved`.
 */
const roundTrip = (header: string): string => `${header}
const main = async () => {
  const server = await startServer({
    port: 0,
    database: ':memory:',
    apps: [{ id: 'app', apiKey: 'api-key', adminKey: 'admin-key' }],
  });
  try {
    const auth = new Auth('app', 'api-key', { baseUrl: server.url });
    const user = await firstValueFrom(auth.create$('alice@example.com', 'a long password'));
    if (user._tag === 'Left') throw new Error(JSON.stringify(user.left));
    const todo = new Api('app', user.right.accessToken, { baseUrl: server.url }).bucket('todo');
    const created = await firstValueFrom(todo.new$({ text: 'milk' }));
    const read = created._tag === 'Right' ? await firstValueFrom(todo.get$(created.right)) : created;
    const ctx = createApiContext('app', 'wrong-token', { baseUrl: server.url });
    const refused = await firstValueFrom(getObject$(ctx, 'todo', t.UnknownRecord, 'x'));
    return {
      resolved,
      read: read._tag === 'Right' ? read.right.data : read.left,
      refused: refused._tag === 'Left' && isHttpError(refused.left) ? refused.left.status : refused,
    };
  } finally {
    await server.close();
  }
};
main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;

const ESM_CHECK = roundTrip(`
import { firstValueFrom } from 'rxjs';
import * as t from 'io-ts';
import { Api, Auth, isHttpError, createApiContext, getObject$ } from 'simperium-rx';
import { startServer } from 'simperium-rx/server';
const resolved = [import.meta.resolve('simperium-rx'), import.meta.resolve('simperium-rx/server')];
`);

const CJS_CHECK = roundTrip(`
const { firstValueFrom } = require('rxjs');
const t = require('io-ts');
const { Api, Auth, isHttpError, createApiContext, getObject$ } = require('simperium-rx');
const { startServer } = require('simperium-rx/server');
const resolved = [require.resolve('simperium-rx'), require.resolve('simperium-rx/server')];
`);

const expectRoundTrip = (ran: Ran, client: string): void => {
  expect(ran.code === 0 ? '' : `${ran.stderr}${ran.stdout}`).toBe('');
  expect(JSON.parse(ran.stdout)).toEqual({
    resolved: [
      expect.stringContaining(installed('dist', client, 'index.js')),
      expect.stringContaining(installed('dist', 'cjs', 'server', 'index.js')),
    ],
    read: { text: 'milk' },
    refused: 401,
  });
};

describe('loading the installed package', () => {
  it('should import the ES build, and the server through CommonJS interop, and run them', async () => {
    writeFileSync(join(scratch, 'check.mjs'), ESM_CHECK);
    expectRoundTrip(await node(scratch, 'check.mjs'), 'esm');
  });

  it('should require the CommonJS build and the server, and run them', async () => {
    writeFileSync(join(scratch, 'check.cjs'), CJS_CHECK);
    expectRoundTrip(await node(scratch, 'check.cjs'), 'cjs');
  });
});

/** A consumer that uses types and values from both entry points. */
const CONSUMER = `import * as t from 'io-ts';
import type { Either } from 'fp-ts/Either';
import {
  Api,
  createApiContext,
  getObject$,
  isHttpError,
  type Bucket,
  type Change,
  type SimperiumError,
} from 'simperium-rx';
import { startServer, type RunningServer, type ServerOptions } from 'simperium-rx/server';

const Todo = t.type({ text: t.string, done: t.boolean });
type Todo = t.TypeOf<typeof Todo>;

const todos: Bucket<Todo> = new Api('app', 'token').bucket('todo', Todo);
const describe = (error: SimperiumError): string =>
  isHttpError(error) ? \`HTTP \${error.status}\` : error._tag;
const title = (change: Change<Todo>): string | undefined => change.d?.text;
const read = (item: Either<SimperiumError, Change<Todo>>): string | undefined =>
  item._tag === 'Right' ? title(item.right) : describe(item.left);

todos.changes$({ pollWindow: 20_000 }).subscribe(read);
getObject$(createApiContext('app', 'token'), 'todo', Todo, 'x').subscribe((result) => {
  const done: boolean | SimperiumError =
    result._tag === 'Right' ? result.right.data.done : result.left;
  return done;
});

const options: ServerOptions = { port: 0, database: ':memory:' };
export const start = (): Promise<RunningServer> => startServer(options);
`;

const TSC = require.resolve('typescript/bin/tsc');

/** Runs this repository's tsc on `files` in the scratch project: its exit code and output. */
const typecheck = async (
  name: string,
  compilerOptions: object,
  files: Record<string, string>,
): Promise<{ code: number; output: string }> => {
  for (const [file, source] of Object.entries(files)) writeFileSync(join(scratch, file), source);
  const config = `tsconfig.${name}.json`;
  writeFileSync(
    join(scratch, config),
    JSON.stringify({
      compilerOptions: { target: 'es2022', strict: true, noEmit: true, ...compilerOptions },
      files: Object.keys(files),
    }),
  );
  const ran = await runIn(scratch, process.execPath, [TSC, '-p', config]);
  return { code: ran.code, output: `${ran.stdout}${ran.stderr}`.trim() };
};

describe('type-checking a consumer against the installed package', () => {
  // The two runs take a few seconds each: run them side by side.
  let nodenext: Promise<{ code: number; output: string }>;
  let bundler: Promise<{ code: number; output: string }>;

  beforeAll(() => {
    nodenext = typecheck(
      'nodenext',
      { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
      { 'consumer.mts': CONSUMER, 'consumer.cts': CONSUMER },
    );
    bundler = typecheck(
      'bundler',
      { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
      { 'consumer.ts': CONSUMER },
    );
  });

  it('should pass under module nodenext, from an ES module and from CommonJS', async () => {
    expect(await nodenext).toEqual({ code: 0, output: '' });
  });

  it('should pass under module esnext with moduleResolution bundler, without Node types', async () => {
    expect(await bundler).toEqual({ code: 0, output: '' });
  });
});

const NODE_BUILTINS = new Set(builtinModules);

describe('a browser bundle of Api, get$ and changes$', () => {
  it('should take no Node built-in, no server code and nothing from cross-fetch', async () => {
    const { metafile } = await bundle(scratch, APP_ENTRY);
    const inputs = Object.keys(metafile.inputs);
    const imports = Object.values(metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(inputs).toEqual(expect.arrayContaining([expect.stringMatching(/dist\/esm\/api\.js$/)]));
    expect({
      builtins: imports.filter((path) => path.startsWith('node:') || NODE_BUILTINS.has(path)),
      server: inputs.filter((path) => /dist\/[^/]+\/server\//.test(path)),
      commonJsBuild: inputs.filter((path) => path.includes('dist/cjs/')),
      crossFetch: inputs.filter((path) => /cross-fetch|node-fetch/.test(path)),
    }).toEqual({ builtins: [], server: [], commonJsBuild: [], crossFetch: [] });
  });
});

describe('the size budgets', () => {
  let measures: SizeMeasure[] = [];

  beforeAll(async () => {
    measures = await measure(scratch);
  });

  it.each([
    ['our code with the peers external', 0],
    ['the same app with the peers bundled', 1],
    ['an app importing only isHttpError', 2],
  ])('should be met by %s', (_name, index) => {
    const m = measures[index] as SizeMeasure;
    expect(withinBudget(m) ? 'within budget' : describeMeasure(m)).toBe('within budget');
  });
});

describe('formatSizeTable', () => {
  it('should mark a missed budget FAIL and say by how much', () => {
    const missed = { measure: 'app', bytes: 8_123, budget: 8_000 };
    const met = { measure: 'guard', bytes: 92, budget: 1_000 };
    expect(formatSizeTable([missed, met]).split('\n')).toEqual([
      '| measure | bytes | budget | pass/FAIL |',
      '| ------- | ----- | ------ | --------- |',
      '| app     | 8,123 |  8,000 | FAIL      |',
      '| guard   |    92 |  1,000 | pass      |',
    ]);
    expect(describeMeasure(missed)).toBe('app: 8,123 bytes, budget 8,000 (123 over)');
    expect(describeMeasure(met)).toBe('guard: 92 bytes, budget 1,000 (908 to spare)');
  });
});
