import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { WebSocket } from 'ws';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

const entry = fileURLToPath(new URL('./pages/tabsProbe.ts', import.meta.url));

interface Probe {
  states: string[];
  roles: string[];
  errors: string[];
  messages: unknown[];
  sockets: number;
}

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

const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as { probe: Probe }).probe);
const waitFor = (page: Page, predicate: string, timeout = 15_000) => page.waitForFunction(predicate, undefined, { timeout, polling: 20 });
const roleOf = (page: Page) => page.evaluate(() => (globalThis as unknown as { probe: Probe }).probe.roles.at(-1));

/** A server that records its sockets and what they sent. */
async function recordingServer() {
  const server = await startWsServer();
  const sockets: WebSocket[] = [];
  const received: unknown[] = [];
  server.onConnection((socket) => {
    sockets.push(socket);
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
  });
  return { server, sockets, received, open: () => sockets.filter((s) => s.readyState === 1) };
}

async function openTabs(context: BrowserContext, server: TestServer, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${site.url}/?ws=${encodeURIComponent(server.url)}`);
    pages.push(page);
  }
  for (const page of pages) await waitFor(page, `globalThis.probe?.states.at(-1) === 'connected'`);
  return pages;
}

describe("share: 'tabs' in Chromium", () => {
  it('five tabs, one socket: frames reach all, a follower sends through the leader, the leader leaves and another takes over within 2 s', async () => {
    const { server, sockets, received, open } = await recordingServer();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, server, 5);
      expect(sockets).toHaveLength(1);
      const roles = await Promise.all(pages.map(roleOf));
      expect(roles.filter((r) => r === 'leader')).toHaveLength(1);
      expect(roles.filter((r) => r === 'follower')).toHaveLength(4);
      const sockets0 = await Promise.all(pages.map(async (p) => (await probe(p)).sockets));
      expect(sockets0.reduce((a, b) => a + b, 0)).toBe(1);

      sockets[0]!.send(JSON.stringify({ n: 1 }));
      for (const page of pages) await waitFor(page, `globalThis.probe.messages.some((m) => m.n === 1)`);

      const leaderIndex = roles.indexOf('leader');
      const follower = pages[(leaderIndex + 1) % pages.length]!;
      expect(await follower.evaluate(() => (globalThis as unknown as { connection: { send(m: unknown): boolean } }).connection.send({ from: 'follower' }))).toBe(true);
      await expect.poll(() => received, { timeout: 5_000 }).toContainEqual({ from: 'follower' });

      // The leader tab closes: another becomes leader and opens the one new socket.
      const closedAt = Date.now();
      await pages[leaderIndex]!.close();
      const rest = pages.filter((_, i) => i !== leaderIndex);
      await expect.poll(() => open().length, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(2);
      const handoverMs = Date.now() - closedAt;
      expect(handoverMs).toBeLessThan(2_000);
      for (const page of rest) await waitFor(page, `globalThis.probe.states.at(-1) === 'connected'`);
      const newRoles = await Promise.all(rest.map(roleOf));
      expect(newRoles.filter((r) => r === 'leader')).toHaveLength(1);

      open()[0]!.send(JSON.stringify({ n: 2 }));
      for (const page of rest) await waitFor(page, `globalThis.probe.messages.some((m) => m.n === 2)`);
      const followerNow = rest[newRoles.indexOf('follower')]!;
      await followerNow.evaluate(() => (globalThis as unknown as { connection: { send(m: unknown): boolean } }).connection.send({ from: 'after handover' }));
      await expect.poll(() => received, { timeout: 5_000 }).toContainEqual({ from: 'after handover' });
      expect(sockets).toHaveLength(2);
      for (const page of rest) expect((await probe(page)).errors.filter((e) => e === 'BAD_FRAME')).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('a malformed BroadcastChannel message is ignored and reported as BAD_FRAME; frames keep flowing', async () => {
    const { server, sockets } = await recordingServer();
    const context = await browser.newContext();
    try {
      const pages = await openTabs(context, server, 2);
      const url = server.url;
      await pages[0]!.evaluate((key) => {
        const channel = new BroadcastChannel(`rxwire:tabs:v1:websocket ${key}`);
        channel.postMessage({ type: 'frame', frame: 'not ours' });
        channel.postMessage({ mark: 'rxwire-tabs', v: 1, type: 'frame', frame: { not: 'a frame' } });
        channel.close();
      }, url);
      for (const page of pages) await waitFor(page, `globalThis.probe.errors.filter((e) => e === 'BAD_FRAME').length === 2`);
      sockets[0]!.send(JSON.stringify({ n: 3 }));
      for (const page of pages) await waitFor(page, `globalThis.probe.messages.some((m) => m.n === 3)`);
      expect(sockets).toHaveLength(1);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
