// The devtools panel on the demo page (examples/spa with ?devtools=open) in a real Chromium against
// the real demo backend: it shows the live ticker channel with a rising message count, an RPC call
// with its latency, frames in the log; the toggle and the filter work; the page logs no error.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startDemoBackend, type DemoBackend } from '../demo/backend.mjs';
import { startWsServer } from '@rxwire/test-support/wsServer';
import { bundleForBrowser } from './support/bundle.js';
import { launchChromium } from './support/chromium.js';
import { screenshot, serveSpa, waitForSelector } from './support/spa.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';

let backend: DemoBackend;
let site: Awaited<ReturnType<typeof serveSpa>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  backend = await startDemoBackend({ tickMs: 200 });
  [site, browser] = await Promise.all([serveSpa(backend.config), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // The test's static server has no favicon, and Chromium logs the 404 of its own request for one as
  // a console error: answer it, so that every console error left is the page's.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  await page.goto(`${site.url}/?devtools=open`);
  await waitForSelector(page, '[data-testid=chat-subscribed][data-subscribed=true]');
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await site?.close();
  await backend?.close();
});

const panel = () => page.getByRole('region', { name: 'rxwire devtools' });
const tab = (kind: 'bayeux' | 'rpc') => panel().getByRole('tab', { name: new RegExp(`^${kind} `) });
/** The selected client's view (every client is watched, the others' views are hidden). */
const shown = () => panel().locator('[role=tabpanel]:not([hidden])');
/** The ticker's channel row (its name is the channel, with the event glob where the client adds one). */
const tickerRow = () => shown().locator('tr[data-channel^="prices"]');
const messageCount = async (row: Locator) => Number(await row.locator('[data-column=messages]').innerText());

/** Polls `read` until `accept` holds; a hang guard, not a speed claim. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
    value = await read();
  }
  return value;
}

describe('the devtools panel on the demo page', () => {
  it('opens with ?devtools=open and shows the Bayeux client with its live chat channel', async () => {
    await expect(panel().isVisible()).resolves.toBe(true);
    await expect(tab('bayeux').getAttribute('aria-selected')).resolves.toBe('true');
    const state = shown().locator('[data-fact=state] dd');
    await eventually(() => state.innerText(), (s) => s === 'connected', 'bayeux state');
    const chat = shown().locator('tr[data-channel="/chat/demo"]');
    await eventually(() => chat.locator('td').nth(3).innerText(), (s) => s === 'live', 'chat channel status');
    await expect(chat.locator('td').nth(2).innerText()).resolves.toBe('subscribed');
  });

  it('shows the ticker channel live, with a rising message count', async () => {
    await tab('rpc').click();
    await eventually(() => tickerRow().count(), (n) => n > 0, 'ticker channel row');
    await eventually(() => tickerRow().first().locator('td').nth(3).innerText(), (s) => s === 'live', 'ticker status');
    const first = await messageCount(tickerRow().first());
    await eventually(() => messageCount(tickerRow().first()), (n) => n > first, 'ticker message count');
  });

  it('shows an RPC call with its latency and outcome', async () => {
    await page.getByRole('textbox', { name: 'a', exact: true }).fill('20');
    await page.getByRole('textbox', { name: 'b', exact: true }).fill('22');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await waitForSelector(page, '[data-testid=rpc-result][data-loading=false]');
    await expect(page.getByTestId('rpc-result').innerText()).resolves.toBe('= 42');
    const recent = shown().getByRole('table', { name: 'Recent calls' });
    const call = recent.locator('tbody tr').filter({ hasText: 'add' }).first();
    await eventually(() => call.count(), (n) => n > 0, 'a recent add call');
    const cells = await call.locator('td').allInnerTexts();
    expect(cells[0]).toBe('add');
    expect(cells[2]).toMatch(/^\d+ ms$|^\d+\.\d s$/);
    expect(cells[3]).toBe('ok');
  });

  it('logs frames; the filter narrows the log and pause holds it', async () => {
    const frames = shown().getByRole('table', { name: 'Frames' }).locator('tbody tr');
    await eventually(() => frames.count(), (n) => n > 0, 'frames in the log');
    await expect(shown().locator('tr[data-kind=frame]').count()).resolves.toBeGreaterThan(0);

    const filter = shown().getByLabel('Filter');
    await filter.fill('tick');
    const matching = await frames.allInnerTexts();
    expect(matching.length).toBeGreaterThan(0);
    for (const row of matching) expect(row.toLowerCase()).toContain('tick');
    await filter.fill('no frame says this');
    await eventually(() => frames.count(), (n) => n === 0, 'frames matching nonsense');
    await expect(shown().getByText('No frame matches the filter.').isVisible()).resolves.toBe(true);
    await filter.fill('');

    await shown().getByRole('button', { name: 'Pause' }).click();
    const held = await frames.first().innerText();
    await eventually(() => shown().getByRole('status').innerText(), (s) => /^[1-9]\d* new while paused$/.test(s), 'frames missed while paused');
    await expect(frames.first().innerText()).resolves.toBe(held);
    await shown().getByRole('button', { name: 'Resume' }).click();
    await eventually(() => frames.first().innerText(), (s) => s !== held, 'the log moving again');
  });

  it('keeps a screenshot of the panel as a test artifact', async () => {
    await screenshot(page, 'devtools');
  });

  it('toggles closed and open again, from the mouse and the keyboard', async () => {
    await panel().getByRole('button', { name: 'Close rxwire devtools' }).click();
    await expect(panel().count()).resolves.toBe(0);
    const toggle = page.getByRole('button', { name: 'Open rxwire devtools' });
    await expect(toggle.isVisible()).resolves.toBe(true);
    await toggle.click();
    await expect(panel().isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(panel().count()).resolves.toBe(0);
    // Focus went back to the toggle: Enter opens the panel again.
    await page.keyboard.press('Enter');
    await expect(panel().isVisible()).resolves.toBe(true);
    // Remembered across a reload.
    await panel().getByRole('button', { name: 'Close rxwire devtools' }).click();
    await page.reload();
    await waitForSelector(page, '[data-testid=chat-subscribed][data-subscribed=true]');
    await expect(page.getByRole('button', { name: 'Open rxwire devtools' }).isVisible()).resolves.toBe(true);
    await expect(panel().count()).resolves.toBe(0);
  });

  it('logged no console error and no page error', () => {
    expect(problems).toEqual([]);
  });
});

describe("the devtools panel under share: 'tabs'", () => {
  it("shows 'leader' in one tab and 'follower' in the other", async () => {
    const server = await startWsServer();
    const bundle = await bundleForBrowser(fileURLToPath(new URL('./pages/devtoolsTabs.tsx', import.meta.url)));
    const tabsSite = await serveStatic({ '/': pageWithScript('/page.js'), '/page.js': { type: 'text/javascript', body: bundle } });
    const tabsContext = await browser.newContext();
    try {
      const pages: Page[] = [];
      for (let i = 0; i < 2; i++) {
        const tabPage = await tabsContext.newPage();
        await tabPage.goto(`${tabsSite.url}/?ws=${encodeURIComponent(server.url)}`);
        pages.push(tabPage);
      }
      const roleIn = (tabPage: Page) => tabPage.getByRole('region', { name: 'rxwire devtools' }).locator('[data-fact=role] dd');
      for (const tabPage of pages) {
        await tabPage.waitForFunction(`['leader', 'follower'].includes(document.querySelector('[data-fact=role] dd')?.textContent)`, undefined, { timeout: 15_000 });
      }
      const roles = await Promise.all(pages.map((tabPage) => roleIn(tabPage).innerText()));
      expect(roles.sort()).toEqual(['follower', 'leader']);
    } finally {
      await tabsContext.close();
      await tabsSite.close();
      await server.close();
    }
  });
});
