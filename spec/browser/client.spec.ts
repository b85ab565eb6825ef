/**
 * The client in a real browser: `entry.ts` bundled with esbuild, loaded by a page served from
 * another origin than the local server, and driven in headless Chromium through playwright-core.
 *
 * Needs Chromium (see `findChromium`: `CHROMIUM_PATH`, Debian's /usr/bin/chromium, or on `PATH`).
 * Without it the spec is skipped with the reason in its title, except under CI (`CI` set), where
 * it fails.
 */
import { join } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { firstValueFrom } from 'rxjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Api, Auth } from '../../lib';
import { startServer, type RunningServer } from '../../lib/server';
import {
  bundleForBrowser,
  servePage,
  type BrowserBundle,
  type PageServer,
} from '../support/browser-page';
import { expectRight } from '../support/either';
import { browserSuite, CHROMIUM_ARGS, chromiumPath } from '../support/find-chromium';
import { until } from '../support/server-http';
import type { ErrorSummary, Outcome, PageConfig } from './entry';

const suite = browserSuite();

jest.setTimeout(60_000);

/** The summary of a `Left` carrying `tag`; fails the test (showing the value) otherwise. */
const expectLeft = (outcome: Outcome<unknown>, tag: ErrorSummary['_tag']): ErrorSummary => {
  if (outcome._tag === 'Right' || outcome.left._tag !== tag) {
    throw new Error(`expected a Left(${tag}), got ${JSON.stringify(outcome)}`);
  }
  return outcome.left;
};

/**
 * Waits, one event-loop turn at a time, until the server holds exactly `n` long-polls; fails
 * after a million turns (some seconds) with the count it saw.
 */
const heldPolls = async (server: RunningServer, n: number): Promise<void> => {
  try {
    await until(() => server.stats().heldPolls === n, 1_000_000);
  } catch {
    throw new Error(`expected ${n} held long-polls, the server holds ${server.stats().heldPolls}`);
  }
};

suite.describe(suite.title('Api and Auth in a browser (headless Chromium, cross-origin)'), () => {
  let server: RunningServer;
  let site: PageServer;
  let bundle: BrowserBundle;
  let browser: Browser;
  let page: Page;
  let config: PageConfig;
  let token: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath(suite.search);
    // Neither side ends a held poll by itself during the spec: only an abort releases it.
    server = await startServer({ pollWindowMs: 300_000 });
    const app = server.apps[0];
    if (!app) throw new Error('the local server started without an app');
    config = { baseUrl: server.url, appId: app.id, apiKey: app.apiKey };
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    token = expectRight(
      await firstValueFrom(auth.create$('owner@example.com', 'pass-word')),
    ).accessToken;
    bundle = await bundleForBrowser(join(__dirname, 'entry.ts'));
    site = await servePage(bundle.code);
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(site.url);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    await stopEsbuild();
  });

  afterEach(() => {
    const uncaught = pageErrors.splice(0);
    expect(uncaught).toEqual([]);
  });

  it('should bundle the client without cross-fetch or any Node module', () => {
    expect(bundle.inputs).toContain('lib/transport/default-fetch.ts');
    expect(bundle.inputs.filter((path) => /cross-fetch|node-fetch|^node:/.test(path))).toEqual([]);
    expect(new URL(site.url).origin).not.toBe(new URL(server.url).origin);
  });

  it('should create a user with Auth.create$ through the platform fetch', async () => {
    const before = await page.evaluate(() => window.simperiumHarness.fetchCalls());
    const created = expectRight(
      await page.evaluate(
        ([c]) => window.simperiumHarness.createUser(c, 'browser@example.com', 'pass-word'),
        [config] as const,
      ),
    );
    expect(created.username).toBe('browser@example.com');
    expect(created.userId).toMatch(/^[0-9a-f]+$/);
    expect(created.accessToken).toMatch(/^\S+$/);
    expect(await page.evaluate(() => window.simperiumHarness.fetchCalls())).toBe(before + 1);
  });

  it('should write with new$, read with get$ (version from the exposed header) and list with index$', async () => {
    const [first, second] = await page.evaluate(
      async ([c, tk]) => [
        await window.simperiumHarness.newTodo(c, tk, 'todo', { text: 'milk', done: false }),
        await window.simperiumHarness.newTodo(c, tk, 'todo', { text: 'eggs', done: true }),
      ],
      [config, token] as const,
    );
    const firstId = expectRight(first!);
    const secondId = expectRight(second!);
    expect(firstId).toMatch(/^[0-9a-f]{32}$/);
    const got = await page.evaluate(
      ([c, tk, id]) => window.simperiumHarness.getTodo(c, tk, 'todo', id),
      [config, token, firstId] as const,
    );
    expect(expectRight(got)).toEqual({
      id: firstId,
      version: 1,
      data: { text: 'milk', done: false },
    });
    const listed = await page.evaluate(
      ([c, tk]) => window.simperiumHarness.listTodos(c, tk, 'todo'),
      [config, token] as const,
    );
    expect(
      listed.map(expectRight).sort((a, b) => a.data!.text.localeCompare(b.data!.text)),
    ).toEqual([
      { id: secondId, version: 1, data: { text: 'eggs', done: true } },
      { id: firstId, version: 1, data: { text: 'milk', done: false } },
    ]);
  });

  it('should deliver to a held changes$ feed a change posted afterwards', async () => {
    await page.evaluate(([c, tk]) => window.simperiumHarness.follow(c, tk, 'feed', 'live'), [
      config,
      token,
    ] as const);
    await heldPolls(server, 1);
    const writer = new Api(config.appId, token, { baseUrl: server.url });
    const id = expectRight(
      await firstValueFrom(writer.bucket('feed').new$({ text: 'late', done: false })),
    );
    const change = expectRight(
      await page.evaluate(() => window.simperiumHarness.firstChange('live')),
    );
    expect(change).toEqual({ id, o: 'M', ev: 1, v: expect.any(Object) });
    // Having caught up, the feed polls again from the change's cv and is held once more.
    await heldPolls(server, 1);
    expect(await page.evaluate(() => window.simperiumHarness.unfollow('live'))).toBe(1);
    await heldPolls(server, 0);
  });

  it('should abort the held long-poll when the feed is unsubscribed', async () => {
    await page.evaluate(([c, tk]) => window.simperiumHarness.follow(c, tk, 'quiet', 'idle'), [
      config,
      token,
    ] as const);
    await heldPolls(server, 1);
    expect(await page.evaluate(() => window.simperiumHarness.unfollow('idle'))).toBe(0);
    await heldPolls(server, 0);
  });

  it('should emit a DecodeError Left for a document the codec rejects', async () => {
    const outcome = await page.evaluate(
      async ([c, tk]) => {
        const h = window.simperiumHarness;
        const created = await h.newTodo(c, tk, 'typed', { text: 'words', done: false });
        return created._tag === 'Right' ? h.getMistyped(c, tk, 'typed', created.right) : created;
      },
      [config, token] as const,
    );
    const error = expectLeft(outcome, 'DecodeError');
    expect(error.messages?.join('\n')).toMatch(/"words".*text/s);
  });

  it('should emit HttpError Lefts for a missing object and a bad token, without the token', async () => {
    const [missing, refused] = await page.evaluate(
      async ([c, tk]) => [
        await window.simperiumHarness.getTodo(c, tk, 'todo', 'no-such-id'),
        await window.simperiumHarness.getTodo(c, 'not-a-token', 'todo', 'no-such-id'),
      ],
      [config, token] as const,
    );
    expect(expectLeft(missing!, 'HttpError')).toMatchObject({ status: 404 });
    expect(expectLeft(refused!, 'HttpError')).toMatchObject({ status: 401 });
    expect(JSON.stringify([missing, refused])).not.toContain(token);
  });

  it('should emit a NetworkError Left when the server sends no CORS headers', async () => {
    const closed = await startServer({ cors: false });
    try {
      const app = closed.apps[0]!;
      const outcome = await page.evaluate(
        ([c]) => window.simperiumHarness.createUser(c, 'blocked@example.com', 'pass-word'),
        [{ baseUrl: closed.url, appId: app.id, apiKey: app.apiKey }] as const,
      );
      expectLeft(outcome, 'NetworkError');
    } finally {
      await closed.close();
    }
  });
});
