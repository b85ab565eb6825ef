/**
 * `npm run demo`: the browser demo in one command. Builds the page's script (`app.ts`, bundled
 * for browsers by esbuild), starts the local server (in memory) with a demo user, and serves the
 * page on another port, its config (server, app, the user's token) written into it. Prints the
 * page's URL: open it in two windows and edit in one. Ctrl-C stops.
 *
 *   npm run demo                  # http://127.0.0.1:8080/
 *   npm run demo -- --port 0      # any free port
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { firstValueFrom } from 'rxjs';
import { Auth } from 'simperium-rx';
import { startServer } from 'simperium-rx/server';

/** The page's script: one classic script for browsers. */
const bundle = async (): Promise<string> => {
  const result = await build({
    entryPoints: [join(__dirname, 'app.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    // Loaded only where there is no `fetch`: never in a browser.
    external: ['cross-fetch'],
  });
  return result.outputFiles[0]!.text;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' } } });
  const script = await bundle();
  const server = await startServer();
  const app = server.apps[0]!;
  const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
  const user = await firstValueFrom(auth.create$('demo@example.com', 'demo password'));
  if (user._tag === 'Left') throw new Error(`signing up failed: ${user.left._tag}`);

  const config = { baseUrl: server.url, appId: app.id, token: user.right.accessToken };
  const page = readFileSync(join(__dirname, 'index.html'), 'utf8').replace(
    '__CONFIG__',
    JSON.stringify(config).replace(/</g, '\\u003c'),
  );
  const files: Record<string, readonly [string, string]> = {
    '/': ['text/html; charset=utf-8', page],
    '/app.js': ['text/javascript; charset=utf-8', script],
  };
  const site = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    res.writeHead(file === undefined ? 404 : 200, {
      'Content-Type': file?.[0] ?? 'text/plain',
      'Cache-Control': 'no-store',
    });
    res.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((listening, failed) => {
    site.once('error', failed);
    site.listen(Number(values.port), '127.0.0.1', listening);
  });

  const { port } = site.address() as AddressInfo;
  console.log(`local Simperium server on ${server.url} (app ${app.id}, user demo@example.com)`);
  console.log(`demo on http://127.0.0.1:${port}/ — open it in two windows; Ctrl-C stops`);
  process.once('SIGINT', () => {
    site.closeAllConnections();
    site.close();
    void server.close().then(() => console.log('stopped'));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
