import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { Server } from 'rpc-websockets';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startAioOpenApiServer } from '../demo/servers/index.mjs';

// RpcClient({ share: 'tabs' }) in a real Chromium, against the demo's aio-openapi server and the
// real rpc-websockets server: several tabs of one page, one WebSocket.
const entry = fileURLToPath(new URL('./pages/rpcTabsProbe.ts', import.meta.url));

interface Probe {
  roles: string[];
  states: string[];
  errors: string[];
  messages: Record<string, unknown[]>;
  statuses: Record<string, string[]>;
  continuity: Record<string, string[]>;
  sockets: number;
}
interface Tabs {
  callAll(calls: Array<{ method: string; payload: unknown }>): Promise<unknown[]>;
  watch(name: string): void;
  unwatch(name: string): void;
  watchStatus(name: string): void;
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

const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).probe);
const waitFor = (page: Page, predicate: string, timeout = 15_000) => page.waitForFunction(predicate, undefined, { timeout, polling: 20 });
const roleOf = async (page: Page) => (await probe(page)).roles.at(-1);
const socketsOpened = async (pages: Page[]) => (await Promise.all(pages.map(async (p) => (await probe(p)).sockets))).reduce((a, b) => a + b, 0);

/** Opens `count` tabs of the probe page, one after the other, and waits until each is connected. */
async function openTabs(context: BrowserContext, query: string, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${site.url}/?${query}`);
    await waitFor(page, `globalThis.probe?.roles.at(-1) === ${i === 0 ? "'leader'" : "'follower'"}`);
    pages.push(page);
  }
  // Lazy clients: a call connects them; every tab reaches the server through the leader.
  await Promise.all(pages.map((page) => page.evaluate(() => (globalThis as unknown as PageGlobals).tabs.callAll([{ method: 'echo', payload: {} }]))));
  return pages;
}

/** The real rpc-websockets server, recording the sockets it accepted and what they sent. */
async function rpcWebsocketsServer() {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  const address = server.wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let connections = 0;
  const received: Array<{ method?: string; params?: unknown }> = [];
  server.on('connection', (socket) => {
    connections++;
    socket.on('message', (data) => received.push(JSON.parse(String(data)) as { method?: string }));
  });
  server.register('echo', (params) => params);
  server.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  server.event('feed');
  return {
    server,
    url: `ws://127.0.0.1:${port}`,
    connections: () => connections,
    calls: (method: string) => received.filter((m) => m.method === method),
    close: async () => {
      for (const socket of server.wss.clients) socket.terminate();
      await new Promise<void>((resolve) => server.wss.close(() => resolve()));
    },
  };
}

describe("RpcClient({ share: 'tabs' }) in Chromium", () => {
  it('aio-openapi: three tabs call at once, each gets its own results; the server sees one connection', async () => {
    const server = await startAioOpenApiServer();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, `ws=${encodeURIComponent(server.url)}`, 3);
      const results = await Promise.all(
        pages.map((page, tab) =>
          page.evaluate(
            (calls) => (globalThis as unknown as PageGlobals).tabs.callAll(calls),
            Array.from({ length: 20 }, (_, n) => ({ method: n % 2 ? 'add' : 'echo', payload: n % 2 ? { a: tab * 100, b: n } : { tab, n } })),
          ),
        ),
      );
      results.forEach((tabResults, tab) => {
        expect(tabResults).toEqual(Array.from({ length: 20 }, (_, n) => (n % 2 ? tab * 100 + n : { tab, n })));
      });
      expect(server.connections).toBe(1);
      expect(await socketsOpened(pages)).toBe(1);
      expect((await Promise.all(pages.map(roleOf))).sort()).toEqual(['follower', 'follower', 'leader']);
      for (const page of pages) expect((await probe(page)).errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('rpc-websockets: calls from three tabs over one connection; an event observed in two tabs is one rpc.on, and one rpc.off after the last', async () => {
    const server = await rpcWebsocketsServer();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, `protocol=json-rpc&ws=${encodeURIComponent(server.url)}`, 3);
      const sums = await Promise.all(
        pages.map((page, tab) =>
          page.evaluate((calls) => (globalThis as unknown as PageGlobals).tabs.callAll(calls), [
            { method: 'sum', payload: [tab, 1] },
            { method: 'sum', payload: [tab, 2] },
          ]),
        ),
      );
      expect(sums).toEqual([
        [1, 2],
        [2, 3],
        [3, 4],
      ]);
      const [, b, c] = pages as [Page, Page, Page];
      for (const page of [b, c]) await page.evaluate(() => (globalThis as unknown as PageGlobals).tabs.watch('feed'));
      for (const page of [b, c]) await waitFor(page, `globalThis.probe.statuses.feed?.at(-1) === 'live'`);
      expect(server.calls('rpc.on')).toHaveLength(1);
      server.server.emit('feed', { n: 1 });
      for (const page of [b, c]) await waitFor(page, `globalThis.probe.messages.feed.length === 1`);
      // One tab leaves: the other keeps its subscription.
      await b.evaluate(() => (globalThis as unknown as PageGlobals).tabs.watchStatus('feed'));
      await b.evaluate(() => (globalThis as unknown as PageGlobals).tabs.unwatch('feed'));
      // Its grace period is over once its channel is idle: the leader has been told by then.
      await waitFor(b, `globalThis.probe.statuses.feed.at(-1) === 'idle'`);
      server.server.emit('feed', { n: 2 });
      await waitFor(c, `globalThis.probe.messages.feed.length === 2`);
      expect(server.calls('rpc.off')).toHaveLength(0);
      // The last observer in the last tab: one rpc.off.
      await c.evaluate(() => (globalThis as unknown as PageGlobals).tabs.unwatch('feed'));
      await expect.poll(() => server.calls('rpc.off').length, { timeout: 5_000 }).toBe(1);
      expect(server.connections()).toBe(1);
      expect(await socketsOpened(pages)).toBe(1);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('aio-openapi: the leader tab closes; another takes over within 2 s, resubscribes (gap) and pushes flow again', async () => {
    const server = await startAioOpenApiServer();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, `ws=${encodeURIComponent(server.url)}`, 3);
      for (const page of pages.slice(1)) await page.evaluate(() => (globalThis as unknown as PageGlobals).tabs.watch('prices'));
      for (const page of pages.slice(1)) await waitFor(page, `globalThis.probe.statuses.prices?.at(-1) === 'live'`);
      server.publish('prices', 'tick', 1);
      for (const page of pages.slice(1)) await waitFor(page, `globalThis.probe.messages.prices.length === 1`);

      const closedAt = Date.now();
      await pages[0]!.close();
      const rest = pages.slice(1);
      await Promise.all(rest.map((page) => waitFor(page, `globalThis.probe.statuses.prices.at(-1) === 'live' && globalThis.probe.continuity.prices.length === 1`)));
      expect(Date.now() - closedAt).toBeLessThan(2_000);
      expect((await Promise.all(rest.map(roleOf))).sort()).toEqual(['follower', 'leader']);
      for (const page of rest) expect((await probe(page)).continuity['prices']).toEqual(['gap']);
      expect(server.connections).toBe(1);
      server.publish('prices', 'tick', 2);
      for (const page of rest) await waitFor(page, `globalThis.probe.messages.prices.length === 2`);
      const after = await Promise.all(rest.map((page, tab) => page.evaluate((payload) => (globalThis as unknown as PageGlobals).tabs.callAll([{ method: 'echo', payload }]), { tab })));
      expect(after).toEqual([[{ tab: 0 }], [{ tab: 1 }]]);
      expect(await socketsOpened(rest)).toBe(1);
      for (const page of rest) expect((await probe(page)).errors.filter((code) => code === 'BAD_FRAME')).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
