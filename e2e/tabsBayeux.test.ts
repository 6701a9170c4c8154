import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import http from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import faye, { type FayeMessage } from 'faye';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';

// BayeuxClient({ share: 'tabs' }) in a real Chromium against a real Faye server: several tabs of
// one page, one WebSocket and one Bayeux session.
const entry = fileURLToPath(new URL('./pages/bayeuxTabsProbe.ts', import.meta.url));

interface Probe {
  roles: string[];
  states: string[];
  errors: string[];
  messages: Record<string, unknown[]>;
  statuses: Record<string, string[]>;
  continuity: Record<string, string[]>;
  sockets: number;
  clientId: string | undefined;
}
interface Tabs {
  watch(name: string): void;
  unwatch(name: string): void;
  watchStatus(name: string): void;
  publish(channel: string, data: unknown): Promise<string>;
}
type PageGlobals = { probe: Probe; tabs: Tabs };

let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  const bundle = await bundleForBrowser(entry);
  site = await serveStatic({
    '/': pageWithScript('/probe.js'),
    '/probe.js': { type: 'text/javascript', body: bundle },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A real Faye server that counts WebSocket upgrades and what clients sent. */
async function countingFaye() {
  const bayeux = new faye.NodeAdapter({ mount: '/bayeux', timeout: 2 });
  const received: FayeMessage[] = [];
  bayeux.addExtension({
    // Messages from the network only: the test's own publisher is an in-process client (no request).
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
  // After attach: Faye takes over the listeners that were there before.
  let upgrades = 0;
  server.on('upgrade', () => upgrades++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const publisher = bayeux.getClient();
  return {
    url: `http://127.0.0.1:${port}/bayeux`,
    upgrades: () => upgrades,
    count: (channel: string, subscription?: string) => received.filter((m) => m.channel === channel && (subscription === undefined || m.subscription === subscription)).length,
    publish: (channel: string, data: unknown) => new Promise<void>((resolve, reject) => publisher.publish(channel, data).then(resolve, reject)),
    close: async () => {
      bayeux.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).probe);
const waitFor = (page: Page, predicate: string, timeout = 15_000) => page.waitForFunction(predicate, undefined, { timeout, polling: 20 });
const watch = (page: Page, name: string) => page.evaluate((n) => (globalThis as unknown as PageGlobals).tabs.watch(n), name);
const roleOf = async (page: Page) => (await probe(page)).roles.at(-1);
const socketsOpened = async (pages: Page[]) => (await Promise.all(pages.map(async (p) => (await probe(p)).sockets))).reduce((a, b) => a + b, 0);

/** Opens `count` tabs of the probe page, one after the other, each watching `channel` until live. */
async function openTabs(context: BrowserContext, url: string, count: number, channel: string): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${site.url}/?url=${encodeURIComponent(url)}`);
    await waitFor(page, `globalThis.probe?.roles.at(-1) === ${i === 0 ? "'leader'" : "'follower'"}`);
    await watch(page, channel);
    await waitFor(page, `globalThis.probe.statuses[${JSON.stringify(channel)}]?.at(-1) === 'live'`);
    pages.push(page);
  }
  return pages;
}

describe("BayeuxClient({ share: 'tabs' }) in Chromium, against Faye", () => {
  it('five tabs: one WebSocket, one handshake, one subscribe per channel; publishes reach the tabs that observe', async () => {
    const server = await countingFaye();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, server.url, 5, '/news');
      const [, , , d, e] = pages as [Page, Page, Page, Page, Page];
      for (const page of [d, e]) await watch(page, '/sport');
      for (const page of [d, e]) await waitFor(page, `globalThis.probe.statuses['/sport']?.at(-1) === 'live'`);
      expect(server.upgrades()).toBe(1);
      expect(await socketsOpened(pages)).toBe(1);
      expect(server.count('/meta/handshake')).toBe(1);
      expect(server.count('/meta/subscribe', '/news')).toBe(1);
      expect(server.count('/meta/subscribe', '/sport')).toBe(1);
      const ids = new Set((await Promise.all(pages.map(probe))).map((p) => p.clientId));
      expect(ids.size).toBe(1);
      expect((await Promise.all(pages.map(roleOf))).sort()).toEqual(['follower', 'follower', 'follower', 'follower', 'leader']);

      await server.publish('/news', { n: 1 });
      await server.publish('/sport', { n: 2 });
      for (const page of pages) await waitFor(page, `globalThis.probe.messages['/news'].length === 1`);
      for (const page of [d, e]) await waitFor(page, `globalThis.probe.messages['/sport'].length === 1`);
      for (const page of pages.slice(0, 3)) expect((await probe(page)).messages['/sport']).toBeUndefined();

      // A publish from a follower goes through the leader's session.
      expect(await d.evaluate(() => (globalThis as unknown as PageGlobals).tabs.publish('/news', { from: 'd' }))).toBe('ok');
      for (const page of pages) await waitFor(page, `globalThis.probe.messages['/news'].length === 2`);

      // A tab that unsubscribes does not end another tab's subscription.
      await d.evaluate(() => (globalThis as unknown as PageGlobals).tabs.watchStatus('/sport'));
      await d.evaluate(() => (globalThis as unknown as PageGlobals).tabs.unwatch('/sport'));
      // Its grace period is over once its channel is idle: the leader has been told by then.
      await waitFor(d, `globalThis.probe.statuses['/sport'].at(-1) === 'idle'`);
      await server.publish('/sport', { n: 3 });
      await waitFor(e, `globalThis.probe.messages['/sport'].length === 2`);
      expect(server.count('/meta/unsubscribe', '/sport')).toBe(0);
      expect((await probe(d)).messages['/sport']).toHaveLength(1);
      // The last observer in the last tab: one unsubscribe on the wire.
      await e.evaluate(() => (globalThis as unknown as PageGlobals).tabs.unwatch('/sport'));
      await expect.poll(() => server.count('/meta/unsubscribe', '/sport'), { timeout: 5_000 }).toBe(1);
      for (const page of pages) expect((await probe(page)).errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('the leader tab closes while messages flow: the others receive again within 2 s, with a gap reported', async () => {
    const server = await countingFaye();
    const context = await browser.newContext();
    let n = 0;
    const flowing = setInterval(() => void server.publish('/flow', { n: ++n }), 50);
    try {
      const pages = await openTabs(context, server.url, 3, '/flow');
      const rest = pages.slice(1);
      for (const page of rest) await waitFor(page, `globalThis.probe.messages['/flow'].length >= 2`);

      const closedAt = Date.now();
      const lastBefore = n;
      await pages[0]!.close();
      await Promise.all(rest.map((page) => waitFor(page, `globalThis.probe.messages['/flow'].some((m) => m.n > ${lastBefore})`)));
      expect(Date.now() - closedAt).toBeLessThan(2_000);
      expect((await Promise.all(rest.map(roleOf))).sort()).toEqual(['follower', 'leader']);
      for (const page of rest) expect((await probe(page)).continuity['/flow']).toEqual(['gap']);
      // The first leader's session, and the new leader's.
      expect(server.count('/meta/handshake')).toBe(2);
      expect(server.upgrades()).toBe(2);
      expect(await socketsOpened(rest)).toBe(1);
      for (const page of rest) expect((await probe(page)).errors.filter((code) => code === 'BAD_FRAME')).toEqual([]);
    } finally {
      clearInterval(flowing);
      await context.close();
      await server.close();
    }
  });
});
