/**
 * What the browser spec needs besides the browser: a bundle of a browser entry, and a page that
 * loads it, served from its own origin (127.0.0.1 on another port than the API).
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

const PROJECT_ROOT = resolve(__dirname, '../..');

export interface BrowserBundle {
  /** The bundled script. */
  readonly code: string;
  /** Paths of every source file bundled, relative to the project root. */
  readonly inputs: ReadonlyArray<string>;
}

/**
 * Bundles `entry` for browsers as one classic script (an IIFE). `cross-fetch` is left out: the
 * client only loads it where there is no platform `fetch`, so in a browser the require is never
 * reached (and would throw if it were).
 */
export const bundleForBrowser = async (entry: string): Promise<BrowserBundle> => {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['cross-fetch'],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
};

export interface PageServer {
  /** The page's URL, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  close(): Promise<void>;
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>simperium-rx</title>
<script src="/client.js"></script></head><body></body></html>`;

/** Serves a blank page that loads `script`, on 127.0.0.1, port 0. */
export const servePage = async (script: string): Promise<PageServer> => {
  const server = createServer((req, res) => {
    const [type, body] =
      req.url === '/'
        ? ['text/html; charset=utf-8', PAGE]
        : req.url === '/client.js'
          ? ['text/javascript; charset=utf-8', script]
          : [undefined, ''];
    res.writeHead(type === undefined ? 404 : 200, {
      ...(type === undefined ? {} : { 'Content-Type': type }),
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((listening, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', listening);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
};
