import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import http from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import faye, { type FayeMessage } from 'faye';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';

// A BayeuxClient without `share` in a real Chromium, against a real Faye server, and the back/forward
// cache: Playwright turns the bfcache off by default (--disable-back-forward-cache), this browser
// keeps it on, and the pages are served without `no-store` (which would keep them out of it).
const entry = fileURLToPath(new URL('./pages/bayeuxTabsProbe.ts', import.meta.url));

let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  const bundle = await bundleForBrowser(entry);
  site = await serveStatic(
    {
      '/': pageWithScript('/probe.js'),
      '/probe.js': { type: 'text/javascript', body: bundle },
      '/elsewhere': { type: 'text/html', body: '<!doctype html><title>elsewhere</title><p>elsewhere</p>' },
    },
    { cacheable: true },
  );
  browser = await launchChromium({ backForwardCache: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A real Faye server that counts WebSocket upgrades, open upgraded sockets and what clients sent. */
async function countingFaye() {
  const bayeux = new faye.NodeAdapter({ mount: '/bayeux', timeout: 2 });
  const received: FayeMessage[] = [];
  bayeux.addExtension({
    incoming: (message, request, callback) => {
      if (request) received.push(message);
      callback(message);
    },
  });
  const server = http.createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  bayeux.attach(server);
  const upgraded = new Set<Socket>();
  server.on('upgrade', (_request, socket: Socket) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const publisher = bayeux.getClient();
  return {
    url: `http://127.0.0.1:${port}/bayeux`,
    openWebSockets: () => upgraded.size,
    count: (channel: string, subscription?: string) => received.filter((m) => m.channel === channel && (subscription === undefined || m.subscription === subscription)).length,
    publish: (channel: string, data: unknown) => new Promise<void>((resolve, reject) => publisher.publish(channel, data).then(resolve, reject)),
    close: async () => {
      bayeux.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const waitFor = (page: Page, predicate: string) => page.waitForFunction(predicate, undefined, { timeout: 15_000, polling: 20 });

/**
 * The page, whose client receives '/news' over one WebSocket, navigates away and back: into the
 * cache the WebSocket closes without a goodbye; restored (persisted) the client reconnects,
 * resubscribes with continuity 'gap' and receives again.
 */
async function awayAndBackThroughTheCache(page: Page, server: Awaited<ReturnType<typeof countingFaye>>): Promise<void> {
  await page.goto(`${site.url}/elsewhere`);
  await expect.poll(() => server.openWebSockets(), { timeout: 5_000 }).toBe(0);
  // No goodbye: the page may come back and continue the session.
  expect(server.count('/meta/disconnect')).toBe(0);
  await page.goBack({ waitUntil: 'commit' });
  // Restored from the bfcache, not loaded again (an open WebSocket would have kept it out): the same
  // probe, and pageshow said persisted.
  await waitFor(page, `globalThis.probe?.persisted.includes(true)`);
  await waitFor(page, `globalThis.probe.statuses['/news'].at(-1) === 'live' && globalThis.probe.continuity['/news'].length === 1`);
  expect(await page.evaluate(() => (globalThis as unknown as { probe: { continuity: Record<string, string[]>; sockets: number } }).probe)).toMatchObject({
    continuity: { '/news': ['gap'] },
    sockets: 2,
  });
  expect(server.count('/meta/subscribe', '/news')).toBe(2);
  await server.publish('/news', { n: 'restored' });
  await waitFor(page, `globalThis.probe.messages['/news'].some((m) => m.n === 'restored')`);
}

describe('BayeuxClient without share in Chromium, against Faye: the back/forward cache', () => {
  it('into the cache the WebSocket closes; restored (persisted), the client reconnects, resubscribes (gap) and receives again', async () => {
    const server = await countingFaye();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/?share=0&types=websocket&url=${encodeURIComponent(server.url)}`);
      await page.evaluate(() => (globalThis as unknown as { tabs: { watch(name: string): void } }).tabs.watch('/news'));
      await waitFor(page, `globalThis.probe.statuses['/news']?.at(-1) === 'live'`);
      expect(server.openWebSockets()).toBe(1);

      await awayAndBackThroughTheCache(page, server);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it("with share: 'tabs' in a page without Web Locks, the client runs alone and follows the page as without share", async () => {
    const server = await countingFaye();
    const context = await browser.newContext();
    // Before any script of the page: as in a browser without Web Locks (or an insecure context).
    await context.addInitScript(() => {
      delete (Navigator.prototype as { locks?: unknown }).locks;
    });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/?types=websocket&url=${encodeURIComponent(server.url)}`);
      expect(await page.evaluate(() => 'locks' in navigator)).toBe(false);
      await page.evaluate(() => (globalThis as unknown as { tabs: { watch(name: string): void } }).tabs.watch('/news'));
      await waitFor(page, `globalThis.probe.statuses['/news']?.at(-1) === 'live'`);
      expect(await page.evaluate(() => (globalThis as unknown as { probe: { roles: string[] } }).probe.roles.at(-1))).toBe('alone');
      expect(server.openWebSockets()).toBe(1);

      await awayAndBackThroughTheCache(page, server);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
