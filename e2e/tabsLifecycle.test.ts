import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { WebSocket } from 'ws';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

// Page lifecycle in a real Chromium: the back/forward cache and freezing. Playwright turns the
// bfcache off by default (--disable-back-forward-cache): this browser keeps it on. The pages are
// served without `no-store`, which would keep them out of the bfcache too.
const entry = fileURLToPath(new URL('./pages/tabsProbe.ts', import.meta.url));

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

async function recordingServer() {
  const server: TestServer = await startWsServer();
  const sockets: WebSocket[] = [];
  server.onConnection((socket) => sockets.push(socket));
  return { server, sockets, open: () => sockets.filter((s) => s.readyState === 1) };
}

describe('page lifecycle in Chromium', () => {
  it('bfcache: the socket closes when the page goes into the cache, and the restored page reconnects and receives', async () => {
    const { server, sockets, open } = await recordingServer();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/?ws=${encodeURIComponent(server.url)}`);
      await waitFor(page, `globalThis.probe?.states.at(-1) === 'connected'`);
      await page.goto(`${site.url}/elsewhere`);
      await expect.poll(() => open().length, { timeout: 5_000 }).toBe(0);
      await page.goBack({ waitUntil: 'commit' });
      // Restored from the bfcache, not loaded again: the same probe, and pageshow said persisted.
      await waitFor(page, `globalThis.probe?.persisted.includes(true)`);
      await waitFor(page, `globalThis.probe.states.at(-1) === 'connected'`);
      expect(sockets).toHaveLength(2);
      open()[0]!.send(JSON.stringify({ n: 'restored' }));
      await waitFor(page, `globalThis.probe.messages.some((m) => m.n === 'restored')`);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('freeze (dispatched): a frozen leader lets go of its socket and lock, another tab takes over; on resume it follows', async () => {
    const { server, sockets, open } = await recordingServer();
    const context = await browser.newContext();
    try {
      const pages: Page[] = [];
      for (let i = 0; i < 2; i++) {
        const page = await context.newPage();
        await page.goto(`${site.url}/?ws=${encodeURIComponent(server.url)}`);
        await waitFor(page, `globalThis.probe?.states.at(-1) === 'connected'`);
        pages.push(page);
      }
      const [first, second] = pages as [Page, Page];
      expect(sockets).toHaveLength(1);
      await waitFor(first, `globalThis.probe.roles.at(-1) === 'leader'`);
      // Chromium freezes only hidden pages (Page.setWebLifecycleState 'frozen' on a visible headless
      // page fires nothing), so the page's own freeze and resume events are dispatched here: the
      // code that answers them runs for real, against the browser's locks and channels.
      await first.evaluate(() => document.dispatchEvent(new Event('freeze')));
      await waitFor(second, `globalThis.probe.roles.at(-1) === 'leader'`);
      await expect.poll(() => sockets.length, { timeout: 5_000 }).toBe(2);
      await expect.poll(() => open().length, { timeout: 5_000 }).toBe(1);
      await waitFor(second, `globalThis.probe.states.at(-1) === 'connected'`);
      await first.evaluate(() => document.dispatchEvent(new Event('resume')));
      await waitFor(first, `globalThis.probe.roles.at(-1) === 'follower' && globalThis.probe.states.at(-1) === 'connected'`);
      open()[0]!.send(JSON.stringify({ n: 'after freeze' }));
      for (const page of pages) await waitFor(page, `globalThis.probe.messages.some((m) => m.n === 'after freeze')`);
      expect(sockets).toHaveLength(2);
      expect(open()).toHaveLength(1);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
