import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startAioOpenApiServer } from '../demo/servers/index.mjs';

// A shared RpcClient (`share: 'tabs'`) and the page lifecycle in a real Chromium, against the demo's
// aio-openapi server: the back/forward cache and freezing. Playwright turns the bfcache off by
// default (--disable-back-forward-cache): this browser keeps it on, and the pages are served
// without `no-store`, which would keep them out of the bfcache too.
const entry = fileURLToPath(new URL('./pages/rpcTabsProbe.ts', import.meta.url));

type PageGlobals = {
  probe: { roles: string[]; statuses: Record<string, string[]>; messages: Record<string, unknown[]>; persisted: boolean[] };
  tabs: { watch(name: string): void; callAll(calls: Array<{ method: string; payload: unknown }>): Promise<unknown[]> };
};

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  const script = await bundleForBrowser(entry);
  const files: Record<string, { type: string; body: string }> = {
    '/': pageWithScript('/probe.js'),
    '/probe.js': { type: 'text/javascript', body: script },
    '/elsewhere': { type: 'text/html', body: '<!doctype html><title>elsewhere</title><p>elsewhere</p>' },
  };
  site = await serveStatic(files, { cacheable: true });
  browser = await launchChromium({ backForwardCache: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const waitFor = (page: Page, predicate: string) => page.waitForFunction(predicate, undefined, { timeout: 15_000, polling: 20 });
const watch = (page: Page, name: string) => page.evaluate((n) => (globalThis as unknown as PageGlobals).tabs.watch(n), name);
const live = (page: Page, name: string) => waitFor(page, `globalThis.probe.statuses[${JSON.stringify(name)}]?.at(-1) === 'live'`);
const received = (page: Page, name: string, count: number) => waitFor(page, `globalThis.probe.messages[${JSON.stringify(name)}]?.length === ${count}`);

async function openTabs(context: BrowserContext, url: string): Promise<[Page, Page]> {
  const pages: Page[] = [];
  for (const role of ['leader', 'follower']) {
    const page = await context.newPage();
    await page.goto(`${site.url}/?ws=${encodeURIComponent(url)}`);
    await waitFor(page, `globalThis.probe?.roles.at(-1) === '${role}'`);
    pages.push(page);
  }
  return pages as [Page, Page];
}

describe("RpcClient({ share: 'tabs' }) and the page lifecycle in Chromium", () => {
  it('bfcache: a follower restored from the cache wants its channel again and receives; still one connection', async () => {
    const server = await startAioOpenApiServer();
    const context = await browser.newContext();
    try {
      const [leader, follower] = await openTabs(context, server.url);
      await watch(follower, 'prices');
      await live(follower, 'prices');
      await follower.goto(`${site.url}/elsewhere`);
      await follower.goBack({ waitUntil: 'commit' });
      // Restored from the bfcache, not loaded again: the same probe, and pageshow said persisted.
      await waitFor(follower, `globalThis.probe?.persisted.includes(true)`);
      await waitFor(follower, `globalThis.probe.statuses.prices.at(-1) === 'live' && globalThis.probe.statuses.prices.includes('reconnecting')`);
      server.publish('prices', 'tick', 'restored');
      await received(follower, 'prices', 1);
      expect(await leader.evaluate(() => (globalThis as unknown as PageGlobals).probe.roles.at(-1))).toBe('leader');
      expect(server.connections).toBe(1);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('freeze (dispatched): a frozen leader with a channel hands over; both tabs receive on the one new connection after it resumes', async () => {
    const server = await startAioOpenApiServer();
    const context = await browser.newContext();
    try {
      const [first, second] = await openTabs(context, server.url);
      for (const page of [first, second]) await watch(page, 'prices');
      for (const page of [first, second]) await live(page, 'prices');
      // Chromium freezes only hidden pages, so the page's own freeze and resume events are
      // dispatched: the code that answers them runs for real, against the browser's locks and channels.
      await first.evaluate(() => document.dispatchEvent(new Event('freeze')));
      await waitFor(second, `globalThis.probe.roles.at(-1) === 'leader'`);
      await live(second, 'prices');
      await first.evaluate(() => document.dispatchEvent(new Event('resume')));
      await waitFor(first, `globalThis.probe.roles.at(-1) === 'follower' && globalThis.probe.statuses.prices.at(-1) === 'live'`);
      server.publish('prices', 'tick', 'after freeze');
      for (const page of [first, second]) await received(page, 'prices', 1);
      expect(server.connections).toBe(1);
      const calls = await first.evaluate(() => (globalThis as unknown as PageGlobals).tabs.callAll([{ method: 'echo', payload: { from: 'first' } }]));
      expect(calls).toEqual([{ from: 'first' }]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
