import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import http from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createCometDServer } from 'cometd-nodejs-server';
import { AcknowledgedMessagesExtension } from 'cometd-nodejs-server/ack-extension.js';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript } from './support/staticServer.js';

// BayeuxClient({ share: 'tabs' }) in a real Chromium against a real CometD server with the ack
// extension, over long-polling: the leader tab closes while messages flow, the next leader continues
// the same session, and every tab gets every message exactly once, in order.
const entry = fileURLToPath(new URL('./pages/bayeuxTabsProbe.ts', import.meta.url));

interface Probe {
  roles: string[];
  errors: string[];
  messages: Record<string, unknown[]>;
  arrivals: Record<string, number[]>;
  statuses: Record<string, string[]>;
  continuity: Record<string, string[]>;
  clientId: string | undefined;
}
type PageGlobals = { probe: Probe; tabs: { watch(name: string): void } };

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  bundle = await bundleForBrowser(entry);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * CometD (ack extension on) and the probe page on one origin, so that long-polling needs no CORS and
 * every tab sends the same BAYEUX_BROWSER cookie, as an app served beside its CometD endpoint would.
 */
async function cometdWithPage() {
  const cometd = createCometDServer({ timeout: 2000 });
  cometd.addExtension(new AcknowledgedMessagesExtension());
  let sessions = 0;
  cometd.addListener('sessionAdded', () => sessions++);
  const files: Record<string, { type: string; body: string }> = {
    '/': pageWithScript('/probe.js'),
    '/probe.js': { type: 'text/javascript', body: bundle },
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (file) res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
    else cometd.handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    page: `${origin}/?ack=1&types=long-polling&url=${encodeURIComponent(`${origin}/cometd`)}`,
    sessions: () => sessions,
    publish: (channel: string, data: unknown) => cometd.createServerChannel(channel).publish(null, data),
    close: async () => {
      cometd.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).probe);
const waitFor = (page: Page, predicate: string, timeout = 15_000) => page.waitForFunction(predicate, undefined, { timeout, polling: 20 });

async function openTabs(context: BrowserContext, url: string, count: number, channel: string): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await waitFor(page, `globalThis.probe?.roles.at(-1) === ${i === 0 ? "'leader'" : "'follower'"}`);
    await page.evaluate((n) => (globalThis as unknown as PageGlobals).tabs.watch(n), channel);
    await waitFor(page, `globalThis.probe.statuses[${JSON.stringify(channel)}]?.at(-1) === 'live'`);
    pages.push(page);
  }
  return pages;
}

describe("BayeuxClient({ share: 'tabs' }) in Chromium, against CometD with the ack extension", () => {
  it('the leader tab closes while messages flow: the others resume within 2 s, every message exactly once and in order', { timeout: 60_000 }, async () => {
    const server = await cometdWithPage();
    const context = await browser.newContext();
    let n = 0;
    let flowing: ReturnType<typeof setInterval> | undefined;
    try {
      const pages = await openTabs(context, server.page, 3, '/flow');
      const rest = pages.slice(1);
      const clientId = (await probe(pages[0]!)).clientId;
      expect(clientId).toBeDefined();
      flowing = setInterval(() => server.publish('/flow', ++n), 20);
      for (const page of pages) await waitFor(page, `globalThis.probe.messages['/flow'].length >= 20`);

      const closedAt = Date.now();
      const lastBefore = n;
      await pages[0]!.close();
      // Resumed: a message published after the close arrived, as the page saw it.
      await Promise.all(rest.map((page) => waitFor(page, `globalThis.probe.messages['/flow'].some((m) => m > ${lastBefore})`)));
      for (const page of rest) {
        const { messages, arrivals } = await probe(page);
        const first = messages['/flow']!.findIndex((m) => (m as number) > lastBefore);
        expect(arrivals['/flow']![first]! - closedAt).toBeLessThan(2_000);
      }
      // More messages after the handover, then the flow stops: every tab ends with the last one.
      const resumedAt = n;
      await Promise.all(rest.map((page) => waitFor(page, `globalThis.probe.messages['/flow'].some((m) => m > ${resumedAt + 20})`)));
      clearInterval(flowing);
      const last = n;
      await Promise.all(rest.map((page) => waitFor(page, `globalThis.probe.messages['/flow'].includes(${last})`)));

      const all = Array.from({ length: last }, (_, i) => i + 1);
      for (const page of rest) {
        const seen = await probe(page);
        // Exactly once, in order: nothing lost, nothing delivered twice across the handover.
        expect(seen.messages['/flow']).toEqual(all);
        expect(seen.continuity['/flow']).toEqual(['recovered']);
        // The same session, continued: no second handshake.
        expect(seen.clientId).toBe(clientId);
        expect(seen.errors.filter((code) => code === 'BAD_FRAME')).toEqual([]);
      }
      expect(server.sessions()).toBe(1);
    } finally {
      clearInterval(flowing);
      await context.close();
      await server.close();
    }
  });
});
