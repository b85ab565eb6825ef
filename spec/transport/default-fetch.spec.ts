import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultFetch, loadPonyfill } from '../../lib/transport/default-fetch';
import type { FetchInit, FetchResponseLike } from '../../lib/transport/request';

const init = (): FetchInit => ({
  method: 'GET',
  headers: {},
  signal: new AbortController().signal,
});

describe('defaultFetch', () => {
  it('should call the platform fetch with its global as `this`', async () => {
    const response = {} as FetchResponseLike;
    const global: { fetch?: unknown } = {};
    const seen: unknown[] = [];
    global.fetch = function (this: unknown, url: string, options: FetchInit) {
      seen.push(this, url, options);
      return Promise.resolve(response);
    };
    const options = init();
    await expect(defaultFetch(global)('https://x.test/', options)).resolves.toBe(response);
    expect(seen).toEqual([global, 'https://x.test/', options]);
  });

  it('should use globalThis.fetch by default on a platform that has one', async () => {
    const original = globalThis.fetch;
    const stand: typeof fetch = () => Promise.resolve(new Response('from global'));
    globalThis.fetch = stand;
    try {
      const response = await defaultFetch()('https://x.test/', init());
      await expect(response.text()).resolves.toBe('from global');
    } finally {
      globalThis.fetch = original;
    }
  });

  it('should load cross-fetch on first use when there is no global fetch', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crossFetch = require('cross-fetch') as { fetch: unknown };
    await expect(loadPonyfill()).resolves.toBe(crossFetch.fetch);
  });

  it('should send through cross-fetch when there is no global fetch', async () => {
    const server = createServer((_req, res) => res.end('from cross-fetch'));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await defaultFetch({})(`http://127.0.0.1:${port}/`, init());
      await expect(response.text()).resolves.toBe('from cross-fetch');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    }
  });
});
