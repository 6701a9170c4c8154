import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

const entry = fileURLToPath(new URL('./pages/coreProbe.ts', import.meta.url));

interface Probe {
  states: string[];
  errors: string[];
  messages: unknown[];
  attempts: number;
  online: boolean;
}

let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;
let bundle: string;

beforeAll(async () => {
  bundle = await bundleForBrowser(entry);
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

const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as { probe: Probe }).probe);
const waitFor = (page: Page, predicate: string) => page.waitForFunction(predicate, undefined, { timeout: 15_000, polling: 20 });

async function openProbe(server: TestServer) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/?ws=${encodeURIComponent(server.url)}`);
  await waitFor(page, `globalThis.probe?.states.includes('connected')`);
  return { context, page };
}

describe('@rxwire/core in Chromium', () => {
  it('ships no Node-only code in the browser bundle', async () => {
    const minified = await bundleForBrowser(entry, { minify: true });
    for (const nodeOnly of ['node-fetch', 'cross-fetch', 'createWebSocketStream', 'tough-cookie', 'require("ws")', 'node:']) {
      expect(bundle.includes(nodeOnly), nodeOnly).toBe(false);
    }
    expect(minified.length).toBeGreaterThan(0);
  });

  it('keeps a live connection with the application ping and replaces a half-open one', async () => {
    const server = await startWsServer();
    let answering = true;
    let pings = 0;
    let connections = 0;
    server.onConnection((socket) => {
      connections++;
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { type?: string }).type !== 'ping') return;
        pings++;
        if (answering) socket.send('{"type":"pong"}');
      });
    });
    const { context, page } = await openProbe(server);
    try {
      await waitFor(page, `globalThis.probe.messages.length >= 3`);
      expect(pings).toBeGreaterThanOrEqual(3);
      expect((await probe(page)).errors).toEqual([]);
      expect(connections).toBe(1);
      // The server goes silent without closing: only the ping can tell.
      answering = false;
      await waitFor(page, `globalThis.probe.errors.includes('TRANSPORT_TIMEOUT')`);
      answering = true;
      await waitFor(page, `globalThis.probe.states.filter((s) => s === 'connected').length >= 2`);
      expect(connections).toBe(2);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('waits while offline instead of burning attempts, and reconnects as soon as it is online', async () => {
    const server = await startWsServer();
    const { context, page } = await openProbe(server);
    try {
      await context.setOffline(true);
      await waitFor(page, `globalThis.probe.online === false`);
      for (const client of server.clients) client.terminate();
      await waitFor(page, `globalThis.probe.states.at(-1) === 'reconnecting'`);
      const before = (await probe(page)).attempts;
      // With a 100 ms backoff, a client that ignored the network would make several attempts here.
      await page.waitForTimeout(1000);
      expect((await probe(page)).attempts).toBe(before);
      await context.setOffline(false);
      await waitFor(page, `globalThis.probe.states.at(-1) === 'connected'`);
      expect((await probe(page)).attempts).toBe(before + 1);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
