/**
 * The graph of relative imports between the `.ts` files of a folder, and the cycles in it.
 *
 * Imports are read with TypeScript's own pre-processor, so comments and strings that merely look
 * like imports are ignored; static imports, `export … from`, `import type` and dynamic
 * `import('…')` all count. A specifier resolves as Node's ESM output and the server's
 * extensionless style both need: `./x.js` to `x.ts`, `./x` to `x.ts`, `./dir` or `./dir/index.js`
 * to `dir/index.ts`. Package imports (`rxjs`, `node:fs`) are not edges.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/** Each file (a path relative to the root, with `/`) and the files it imports, sorted. */
export type ImportGraph = ReadonlyMap<string, ReadonlyArray<string>>;

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The `.ts` file a relative specifier names, or `undefined` when there is none. */
export const resolveImport = (fromFile: string, specifier: string): string | undefined => {
  const target = resolve(dirname(fromFile), specifier);
  const stem = target.replace(/\.(js|ts)$/, '');
  return [`${stem}.ts`, join(stem, 'index.ts'), join(target, 'index.ts')].find(isFile);
};

/** The relative specifiers `source` imports (`./x.js`, `../y`), in source order. */
export const relativeImports = (source: string): string[] =>
  ts
    .preProcessFile(source, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'));

const key = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/**
 * Reads every `.ts` file under `root` and returns who imports whom. A relative import that names
 * no file throws, so a typo cannot hide an edge.
 */
export const importGraph = (root: string): ImportGraph => {
  const graph = new Map<string, ReadonlyArray<string>>();
  for (const file of tsFiles(root).sort()) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((specifier) => {
      const target = resolveImport(file, specifier);
      if (target === undefined) {
        throw new Error(`${key(root, file)}: cannot resolve the import '${specifier}'`);
      }
      return key(root, target);
    });
    graph.set(key(root, file), [...new Set(targets)].sort());
  }
  return graph;
};

/**
 * The cycles a depth-first walk meets, each as the path from a file back to itself
 * (`['a.ts', 'b.ts', 'a.ts']`), one for each edge that leads back to a file still on the walk's
 * path. It need not list every cycle, but it is empty exactly when the graph has none.
 */
export const findCycles = (graph: ImportGraph): string[][] => {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];

  for (const start of [...graph.keys()].sort()) {
    if (done.has(start)) continue;
    // An explicit stack of (node, index of the next edge to follow): no recursion.
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    onPath.set(start, 0);
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: string; next: number };
      const edges = graph.get(top.node) ?? [];
      if (top.next >= edges.length) {
        stack.pop();
        path.pop();
        onPath.delete(top.node);
        done.add(top.node);
        continue;
      }
      const target = edges[top.next] as string;
      top.next += 1;
      const at = onPath.get(target);
      if (at !== undefined) {
        cycles.push([...path.slice(at), target]);
      } else if (!done.has(target)) {
        onPath.set(target, path.length);
        path.push(target);
        stack.push({ node: target, next: 0 });
      }
    }
  }
  return cycles;
};

/** A cycle as one line: `a.ts → b.ts → a.ts`. */
export const formatCycle = (cycle: ReadonlyArray<string>): string => cycle.join(' → ');
