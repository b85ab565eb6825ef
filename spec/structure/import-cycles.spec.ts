import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  findCycles,
  formatCycle,
  importGraph,
  relativeImports,
  type ImportGraph,
} from '../support/import-graph';

const LIB = join(__dirname, '..', '..', 'lib');

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('should find none in a graph without a cycle, shared imports included', () => {
    expect(
      findCycles(graphOf({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [], e: ['a', 'd'] })),
    ).toEqual([]);
  });

  it('should find a cycle through several files and name it from where it closes', () => {
    const cycles = findCycles(graphOf({ a: ['b'], b: ['c'], c: ['d', 'b'], d: [] }));
    expect(cycles.map(formatCycle)).toEqual(['b → c → b']);
  });

  it('should find a file that imports itself', () => {
    expect(findCycles(graphOf({ a: ['a'] }))).toEqual([['a', 'a']]);
  });

  it('should find a cycle reached only from a later starting file', () => {
    expect(findCycles(graphOf({ a: [], x: ['y'], y: ['z'], z: ['x'] }))).toEqual([
      ['x', 'y', 'z', 'x'],
    ]);
  });
});

describe('relativeImports', () => {
  it('should read static, type-only, re-exported and dynamic imports, and skip comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './dir/index.js';",
      "export * from './d';",
      "const e = () => import('./e.js');",
      "import { of } from 'rxjs';",
      "// import { f } from './f.js';",
      "/* export { g } from './g.js'; */",
      'const text = "from \'./h.js\'";',
    ].join('\n');
    expect(relativeImports(source)).toEqual([
      './a.js',
      '../b.js',
      './dir/index.js',
      './d',
      './e.js',
    ]);
  });
});

describe('importGraph', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const write = (files: Record<string, string>): void => {
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), source);
    }
  };

  it('should resolve .js, extensionless and folder imports to the .ts files', () => {
    write({
      'index.ts': "export * from './a.js';\nexport * from './store';",
      'a.ts': "import { x } from './store/index.js';\nexport const a = x;",
      'store/index.ts': "export { x } from '../util';",
      'util.ts': 'export const x = 1;',
    });
    expect(Object.fromEntries(importGraph(root))).toEqual({
      'a.ts': ['store/index.ts'],
      'index.ts': ['a.ts', 'store/index.ts'],
      'store/index.ts': ['util.ts'],
      'util.ts': [],
    });
  });

  it('should fail on a relative import that names no file, rather than drop the edge', () => {
    write({ 'a.ts': "import { b } from './b.js';" });
    expect(() => importGraph(root)).toThrow("a.ts: cannot resolve the import './b.js'");
  });

  it('should see a cycle written to disk', () => {
    write({
      'a.ts': "import { b } from './b.js';\nexport const a = b;",
      'b.ts': "import type { C } from './c';\nexport const b = 1;",
      'c.ts': "import { a } from './a.js';\nexport type C = typeof a;",
    });
    expect(findCycles(importGraph(root)).map(formatCycle)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });
});

describe('lib/', () => {
  it('should have no import cycle (client, server and jsondiff alike)', () => {
    const graph = importGraph(LIB);
    expect(graph.has('index.ts')).toBe(true);
    expect(graph.has('server/index.ts')).toBe(true);
    expect(graph.has('jsondiff/index.ts')).toBe(true);
    const cycles = findCycles(graph).map(formatCycle);
    if (cycles.length > 0) {
      throw new Error(`lib/ has ${cycles.length} import cycle(s):\n${cycles.join('\n')}`);
    }
  });

  it('should keep the Node-only folders (cli/, server/, node/) out of reach of the main entry', () => {
    const graph = importGraph(LIB);
    expect(graph.has('cli/main.ts')).toBe(true);
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit('index.ts');
    expect([...reached].filter((file) => /^(cli|server|node)\//.test(file))).toEqual([]);
  });
});
