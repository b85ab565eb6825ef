/**
 * `indexedDbStore` in a real browser: a page (its bundle from `live-entry.ts`, served from another
 * origin than the local server) opens a live view on IndexedDB and sees the bucket; the page is
 * reloaded, and a view on the same store shows the saved snapshot first, while every request to
 * the API is held back by the browser (a playwright route), then catches up with the changes
 * made while the page was away through the change feed, from the saved cursor, without reading
 * the index.
 *
 * Needs Chromium, as `client.spec.ts` does (skipped with the reason in its title when there is
 * none outside CI).
 */
import { join } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { firstValueFrom } from 'rxjs';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { Api, Auth } from '../../lib';
import { startServer, type RunningServer } from '../../lib/server';
import { bundleForBrowser, servePage, type PageServer } from '../support/browser-page';
import { expectRight } from '../support/either';
import { browserSuite, CHROMIUM_ARGS, chromiumPath } from '../support/find-chromium';
import type { PageConfig } from './entry';
import type { ViewSummary } from './live-entry';

const suite = browserSuite();

jest.setTimeout(60_000);

const DATABASE = 'simperium-rx-live-spec';
const BUCKET = 'todo';

/** What a view must be for `viewWhere`: each field given must match. */
interface Wanted {
  readonly status?: ViewSummary['status'];
  readonly cv?: string;
  readonly count?: number;
}

/** Waits in the page until it has emitted a view that is as `wanted`; answers the first such. */
const viewWhere = async (page: Page, wanted: Wanted): Promise<ViewSummary> => {
  const handle = await page.waitForFunction(
    (w) =>
      window.liveHarness
        .views()
        .find(
          (v) =>
            (w.status === undefined || v.status === w.status) &&
            (w.cv === undefined || v.cv === w.cv) &&
            (w.count === undefined || Object.keys(v.objects).length === w.count),
        ),
    wanted,
  );
  return (await handle.jsonValue()) as ViewSummary;
};

suite.describe(suite.title('indexedDbStore in a browser (headless Chromium, cross-origin)'), () => {
  let server: RunningServer;
  let site: PageServer;
  let browser: Browser;
  let page: Page;
  let config: PageConfig;
  let token: string;
  let writer: Api;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath(suite.search);
    server = await startServer({ pollWindowMs: 300_000 });
    const app = server.apps[0];
    if (!app) throw new Error('the local server started without an app');
    config = { baseUrl: server.url, appId: app.id, apiKey: app.apiKey };
    const auth = new Auth(app.id, app.apiKey, { baseUrl: server.url });
    token = expectRight(
      await firstValueFrom(auth.create$('live@example.com', 'pass-word')),
    ).accessToken;
    // Another client of the same user: another device, say.
    writer = new Api(app.id, token, { baseUrl: server.url, clientId: 'other-device' });
    const bundle = await bundleForBrowser(join(__dirname, 'live-entry.ts'));
    site = await servePage(bundle.code);
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    await stopEsbuild();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('should show the snapshot saved in IndexedDB before any answer, then catch up from its cursor without an index request', async () => {
    const todo = writer.bucket(BUCKET);
    const milk = expectRight(await firstValueFrom(todo.new$({ text: 'milk', done: false })));
    const eggs = expectRight(await firstValueFrom(todo.new$({ text: 'eggs', done: false })));

    // First visit: the view reads the index, follows the feed, and saves when it is closed.
    await page.goto(site.url);
    await page.evaluate(([c, tk, b, db]) => window.liveHarness.open(c, tk, b, db, true), [
      config,
      token,
      BUCKET,
      DATABASE,
    ] as const);
    const seen = await viewWhere(page, { status: 'live', count: 2 });
    expect(seen.objects).toEqual({
      [milk]: { text: 'milk', done: false },
      [eggs]: { text: 'eggs', done: false },
    });
    expect(await page.evaluate(() => window.liveHarness.requests())).toContainEqual(
      expect.stringMatching(/\/todo\/index\?/),
    );
    await page.evaluate(() => window.liveHarness.close());
    const savedCv = seen.cv;
    if (savedCv === undefined) throw new Error('a live view without a cursor');
    await page.waitForFunction((cv) => window.liveHarness.saves().includes(cv), savedCv);
    // One record, under the default key: server, app, bucket and a fingerprint of the token.
    const keys = await page.evaluate((db) => window.liveHarness.storedKeys(db), DATABASE);
    expect(keys).toEqual([
      expect.stringMatching(`^${server.url} ${config.appId} ${BUCKET} [0-9a-f]{16}$`),
    ]);
    expect(keys.join()).not.toContain(token);

    // While the page is away, another device changes the bucket.
    const bread = expectRight(await firstValueFrom(todo.new$({ text: 'bread', done: false })));
    expectRight(await firstValueFrom(todo.post$(milk, { done: true })));
    const current = expectRight(await firstValueFrom(todo.indexPages$())).current;

    // Second visit, with every request to the API held back until the snapshot has been shown.
    await page.reload();
    const held: Route[] = [];
    let released = false;
    let holding: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (holding = resolve));
    await page.route(
      (url) => url.origin === new URL(server.url).origin,
      (route) => {
        if (released) return route.continue();
        held.push(route);
        holding();
      },
    );
    await page.evaluate(([c, tk, b, db]) => window.liveHarness.open(c, tk, b, db, false), [
      config,
      token,
      BUCKET,
      DATABASE,
    ] as const);
    const first = await viewWhere(page, {});
    expect(first).toEqual({
      status: 'loading',
      cv: seen.cv,
      objects: seen.objects,
      versions: seen.versions,
      pending: 0,
      answersBefore: 0,
    });
    expect(await page.evaluate(() => window.liveHarness.answers())).toBe(0);

    // The feed's request, from the saved cursor, was sent and is still held: nothing answered.
    await firstHeld;
    expect(held.map((route) => route.request().url())).toContainEqual(
      expect.stringMatching(new RegExp(`/${BUCKET}/changes\\?.*cv=${savedCv}`)),
    );
    expect(await page.evaluate(() => window.liveHarness.answers())).toBe(0);

    // Let the requests through: the feed brings what changed while the page was away.
    released = true;
    await Promise.all(held.map((route) => route.continue()));
    const caughtUp = await viewWhere(page, { cv: current });
    expect(caughtUp.objects).toEqual({
      [milk]: { text: 'milk', done: true },
      [eggs]: { text: 'eggs', done: false },
      [bread]: { text: 'bread', done: false },
    });
    expect(caughtUp.versions).toEqual({ [milk]: 2, [eggs]: 1, [bread]: 1 });
    expect(caughtUp.status).toBe('live');
    const requests = await page.evaluate(() => window.liveHarness.requests());
    expect(requests.filter((url) => url.includes('/index'))).toEqual([]);
    expect(requests[0]).toMatch(new RegExp(`/${BUCKET}/changes\\?.*cv=${savedCv}`));
    expect(await page.evaluate(() => window.liveHarness.failures())).toEqual([]);
    await page.evaluate(() => window.liveHarness.close());
  });
});
