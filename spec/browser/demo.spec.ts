/**
 * The browser demo as a user runs it: `npm run demo`'s script as a child process (it builds the
 * page and serves it beside the local server), opened in two headless Chromium windows, each its
 * own browser context (two devices of the demo user). An edit in one shows in the other within a
 * second; edits made offline show at once and sync when back; a reloaded page shows its todos
 * from IndexedDB while every request to the API is held back. Saves a screenshot of the page as
 * docs/browser-demo.png. Needs Chromium, as the other browser specs do.
 */
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Route,
} from 'playwright-core';
import { PROJECT_ROOT, startScript, type ChildScript } from '../support/child-script';
import { browserSuite, CHROMIUM_ARGS, chromiumPath } from '../support/find-chromium';

const suite = browserSuite();

jest.setTimeout(60_000);

/** A row as the page shows it: its text and whether it is ticked. */
type Row = readonly [text: string, done: boolean];

/** The rows the page shows, in order. */
const rows = (page: Page): Promise<Row[]> =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('#todos li'), (li): [string, boolean] => [
      li.querySelector<HTMLInputElement>('input.text')?.value ?? '',
      li.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked ?? false,
    ]),
  );

/** Waits (at most `timeout` ms) until the page shows exactly `want`. */
const showsRows = async (page: Page, want: ReadonlyArray<Row>, timeout?: number): Promise<void> => {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('#todos li'), (li) => [
          li.querySelector<HTMLInputElement>('input.text')?.value,
          li.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked,
        ]),
      ) === JSON.stringify(expected),
    want,
    { timeout },
  );
};

/** Waits until the status line reads `text` (e.g. `live · 2 todos`). */
const showsStatus = async (page: Page, text: string): Promise<void> => {
  await page.waitForFunction((s) => document.querySelector('#status')?.textContent === s, text);
};

/**
 * Waits until the page's IndexedDB holds a saved view of exactly `want` (in any order). A view
 * saves at most a second behind what it shows, and IndexedDB tells no other connection when it
 * writes: the page reads the store again each frame until it holds them.
 */
const saved = (page: Page, want: ReadonlyArray<Row>): Promise<void> =>
  page.evaluate(async (rows) => {
    const read = async (): Promise<string[]> => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('simperium-rx-demo');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      type Saved = { objects: Record<string, { text: string; done: boolean }> };
      const views = await new Promise<Saved[]>((resolve, reject) => {
        const all = db.transaction('views', 'readonly').objectStore('views').getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => reject(all.error);
      });
      db.close();
      // Each saved view as its rows, sorted, in JSON.
      return views.map((view) =>
        JSON.stringify(
          Object.values(view.objects)
            .map((todo) => [todo.text, todo.done])
            .sort(),
        ),
      );
    };
    const expected = JSON.stringify([...rows].sort());
    while (!(await read()).includes(expected)) await new Promise(requestAnimationFrame);
  }, want);

suite.describe(suite.title('the browser demo (npm run demo, headless Chromium)'), () => {
  let demo: ChildScript;
  let apiOrigin: string;
  let url: string;
  let browser: Browser;
  let contexts: BrowserContext[];
  let laptop: Page;
  let phone: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath(suite.search);
    demo = startScript('examples/browser/serve.ts', ['--port', '0']);
    const api = await demo.line((line) => line.startsWith('local Simperium server on '));
    apiOrigin = new URL(api.split(' ')[4] ?? '').origin;
    url = (await demo.line((line) => line.startsWith('demo on '))).split(' ')[2] ?? '';
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    contexts = await Promise.all(
      [0, 1].map(() => browser.newContext({ viewport: { width: 640, height: 400 } })),
    );
    [laptop, phone] = (await Promise.all(contexts.map((context) => context.newPage()))) as [
      Page,
      Page,
    ];
    for (const page of [laptop, phone]) page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (demo !== undefined && demo.child.exitCode === null) demo.child.kill('SIGKILL');
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('should add todos in one window and show them in another', async () => {
    await laptop.goto(url);
    await showsStatus(laptop, 'live · 0 todos');
    for (const text of ['Buy milk', 'Eggs', 'Fix the tap']) {
      await laptop.fill('#add input', text);
      await laptop.press('#add input', 'Enter');
    }
    await showsRows(laptop, [
      ['Buy milk', false],
      ['Eggs', false],
      ['Fix the tap', false],
    ]);
    await phone.goto(url);
    await showsRows(phone, await rows(laptop));
    await showsStatus(phone, 'live · 3 todos');
  });

  it('should show a tick, an edit and a deletion in the other window within a second each', async () => {
    const row = (page: Page, n: number) => page.locator('#todos li').nth(n);

    await row(laptop, 1).locator('input[type=checkbox]').check();
    const ticked: Row[] = [
      ['Buy milk', false],
      ['Eggs', true],
      ['Fix the tap', false],
    ];
    await showsRows(phone, ticked, 1_000);

    await row(phone, 0).locator('input.text').fill('Buy oat milk');
    await row(phone, 0).locator('input.text').press('Enter');
    const edited: Row[] = [['Buy oat milk', false], ...ticked.slice(1)];
    await showsRows(laptop, edited, 1_000);

    await row(laptop, 2).locator('button').click();
    await showsRows(phone, edited.slice(0, 2), 1_000);
    await showsStatus(phone, 'live · 2 todos');
  });

  it('should show an edit made offline at once, and sync it once back online', async () => {
    const [offline] = contexts;
    await offline!.setOffline(true);
    await laptop.fill('#add input', 'Call the plumber');
    await laptop.press('#add input', 'Enter');
    await laptop.locator('#todos li').nth(0).locator('input[type=checkbox]').check();
    await laptop.locator('#todos li').nth(1).locator('input[type=checkbox]').uncheck();
    const after: Row[] = [
      ['Buy oat milk', true],
      ['Eggs', false],
      ['Call the plumber', false],
    ];
    await showsRows(laptop, after);
    await laptop.waitForFunction(() =>
      /to sync$/.test(document.querySelector('#status')?.textContent ?? ''),
    );
    expect(await rows(phone)).toEqual([
      ['Buy oat milk', false],
      ['Eggs', true],
    ]);

    await offline!.setOffline(false);
    await showsRows(phone, after);
    await showsStatus(laptop, 'live · 3 todos');
  });

  it('should show its todos from IndexedDB after a reload, before any answer from the server', async () => {
    const shown = await rows(phone);
    await saved(phone, shown);

    // Every request to the API is held back until the page has shown its todos.
    const held: Route[] = [];
    let holding: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (holding = resolve));
    await phone.route(
      (target) => target.origin === apiOrigin,
      (route) => {
        held.push(route);
        holding();
      },
    );
    await phone.reload();
    await showsRows(phone, shown);
    // The view resumes from its saved cursor: its first request is the change feed, not the
    // index, and it is still unanswered.
    await firstHeld;
    expect(held.map((route) => route.request().url())).toEqual([
      expect.stringMatching(/\/todo\/changes\?.*cv=[0-9a-f]+/),
    ]);

    await phone.unroute((target) => target.origin === apiOrigin);
    await Promise.all(held.map((route) => route.continue()));
    await showsStatus(phone, 'live · 3 todos');
    await showsRows(phone, shown);
  });

  it('should look right (docs/browser-demo.png)', async () => {
    // A fresh page, so that nothing of the edits above (focus, hover) shows.
    const shown = await rows(laptop);
    await laptop.reload();
    await showsRows(laptop, shown);
    await showsStatus(laptop, 'live · 3 todos');
    await laptop.screenshot({
      path: join(PROJECT_ROOT, 'docs', 'browser-demo.png'),
      animations: 'disabled',
      caret: 'hide',
    });
  });

  it('should stop on Ctrl-C', async () => {
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(demo.lines[demo.lines.length - 1]).toBe('stopped');
  });
});
