// The demo SPA in Chromium through a server restart, the network going away and coming back, and
// the page closing: the badges show what happens, and the channels carry on by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BayeuxClient } from '@rxwire/bayeux';
import { startDemoBackend, type DemoBackend } from '../demo/backend.mjs';
import { launchChromium } from './support/chromium.js';
import { screenshot, serveSpa, waitForSelector } from './support/spa.js';

const CHAT = '/chat/demo';
let backend: DemoBackend;
let site: Awaited<ReturnType<typeof serveSpa>>;
let browser: Browser;
let node: BayeuxClient;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Faye holds a /meta/connect for 10 s and forgets a silent session 20 s after its last connect:
  // a session that ends within seconds of the page closing ended because the client said so.
  backend = await startDemoBackend({ tickMs: 200, fayeTimeoutSeconds: 10 });
  [site, browser] = await Promise.all([serveSpa(backend.config), launchChromium()]);
  // The tests drop its connection on purpose: no warnings about that.
  node = new BayeuxClient({ url: backend.bayeuxUrl, reconnect: { initialDelayMs: 100, maxDelayMs: 500 }, logger: () => {} });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await node?.disconnect();
  await browser?.close();
  await site?.close();
  await backend?.close();
});

async function openDemo(query = ''): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  contexts.push(ctx);
  // Counts WebSocket attempts per path (/stream is RPC, /bayeux is Bayeux).
  await ctx.addInitScript(() => {
    const Native = WebSocket;
    const attempts: Record<string, number> = {};
    const sockets: WebSocket[] = [];
    Object.assign(globalThis, { wsAttempts: attempts, wsSockets: sockets });
    globalThis.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const path = new URL(String(url)).pathname;
        attempts[path] = (attempts[path] ?? 0) + 1;
        sockets.push(this);
      }
    };
  });
  const page = await ctx.newPage();
  await page.goto(`${site.url}/${query}`);
  await waitForSelector(page, '[data-testid=chat-subscribed][data-subscribed=true]');
  await waitForSelector(page, '[data-testid=badge-rpc][data-state=connected]');
  return { context: ctx, page };
}

const badge = (name: 'bayeux' | 'rpc', state: string) => `[data-testid=badge-${name}][data-state=${state}]`;
const attempts = (page: Page, path: string) =>
  page.evaluate((p) => (globalThis as unknown as { wsAttempts: Record<string, number> }).wsAttempts[p] ?? 0, path);
const tickSeq = (page: Page) => page.getAttribute('[data-testid=tick][data-symbol=RXW]', 'data-seq').then(Number);

async function ticksResume(page: Page): Promise<void> {
  await waitForSelector(page, '[data-testid=tick][data-symbol=RXW]');
  const before = await tickSeq(page);
  await page.waitForFunction(
    (seq) => Number(document.querySelector('[data-testid=tick][data-symbol=RXW]')?.getAttribute('data-seq')) > seq,
    before,
    { timeout: 15_000 },
  );
}

/** Publishes from Node until the page shows it (the page may still be re-subscribing). */
async function chatReaches(page: Page, text: string): Promise<void> {
  const shown = page.getByText(text).first().waitFor({ timeout: 20_000 });
  let done = false;
  void shown.then(() => (done = true), () => (done = true));
  for (let i = 0; !done && i < 40; i++) {
    await node.publish(CHAT, { author: 'node', text }).catch(() => {});
    if (!done) await page.waitForTimeout(250);
  }
  await shown;
}

describe('the demo SPA through faults', () => {
  it('shows reconnecting while the Bayeux server restarts, and the chat resumes after', async () => {
    const { page } = await openDemo();
    await backend.faye.stop();
    await waitForSelector(page, badge('bayeux', 'reconnecting'));
    await screenshot(page, 'demo-reconnecting');
    // The RPC side is another server: it is not affected.
    expect(await page.getAttribute('[data-testid=badge-rpc]', 'data-state')).toBe('connected');
    await backend.faye.start();
    await waitForSelector(page, badge('bayeux', 'connected'), 20_000);
    await waitForSelector(page, '[data-testid=chat-subscribed][data-subscribed=true]', 20_000);
    await chatReaches(page, 'after the restart');
    // Back on the WebSocket well before upgradeAfterMs (60 s): after an outage in which every type
    // failed, the first working long-polling connect moves back up at once, but a loaded machine may
    // deliver the chat message over that long-polling connect before the WebSocket is open.
    await waitForSelector(page, '[data-testid=badge-bayeux][data-transport=websocket]');
    // Faye has no ack extension: the chat's channel badge says messages may have been missed.
    await waitForSelector(page, '[data-testid=channel-chat][data-status=live][data-resumed=gap]');
    expect(await page.innerText('[data-testid=channel-chat]')).toBe('chat: live · gap - messages may be missing');
  });

  it('waits while offline and reconnects both clients when the network is back', async () => {
    const { context, page } = await openDemo();
    await context.setOffline(true);
    await waitForSelector(page, '[data-testid=badge-network][data-state=closed]');
    // The sockets die with the network (the server drops them: emulated offline keeps open ones).
    // Chromium's emulated offline sometimes never reports that close to the page (seen about once in
    // ten runs: the RPC badge stayed connected through three drops). A real network loss is reported
    // sooner or later; the test then plays that part: the close event the browser owes the page.
    for (let i = 0; ; i++) {
      backend.faye.dropConnections();
      backend.aio.dropConnections();
      if (i > 0) {
        await page.evaluate(() => {
          for (const socket of (globalThis as unknown as { wsSockets: WebSocket[] }).wsSockets) {
            if (socket.readyState === WebSocket.OPEN) socket.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
          }
        });
      }
      const lost = await waitForSelector(page, badge('rpc', 'reconnecting'), 5_000)
        .then(() => waitForSelector(page, badge('bayeux', 'reconnecting'), 5_000))
        .then(() => true, () => false);
      if (lost) break;
      if (i === 2) throw new Error(`after 3 drops the badges still show rpc ${await page.getAttribute('[data-testid=badge-rpc]', 'data-state')}, bayeux ${await page.getAttribute('[data-testid=badge-bayeux]', 'data-state')}`);
    }
    const rpcAttempts = await attempts(page, '/stream');
    const bayeuxAttempts = await attempts(page, '/bayeux');
    await page.waitForTimeout(1000);
    // Offline, neither client even tries (with the SPA's 250 ms backoff they would have).
    expect(await attempts(page, '/stream')).toBe(rpcAttempts);
    expect(await attempts(page, '/bayeux')).toBe(bayeuxAttempts);
    expect(await page.getAttribute('[data-testid=badge-rpc]', 'data-state')).toBe('reconnecting');
    await screenshot(page, 'demo-offline');

    await context.setOffline(false);
    await waitForSelector(page, badge('rpc', 'connected'), 20_000);
    expect(await attempts(page, '/stream')).toBe(rpcAttempts + 1);
    await waitForSelector(page, badge('bayeux', 'connected'), 20_000);
    expect(await attempts(page, '/bayeux')).toBe(bayeuxAttempts + 1);
    await ticksResume(page);
    await chatReaches(page, 'back online');
  });

  it.each(['websocket', 'long-polling'])('ends the Bayeux session when the page is closed (pagehide, %s)', async (transport) => {
    const from = backend.faye.wire.length;
    const { context, page } = await openDemo(`?transport=${transport}`);
    expect(await page.getAttribute('[data-testid=badge-bayeux]', 'data-transport')).toBe(transport);
    const subscribe = backend.faye.wire.slice(from).find((e) => e.type === 'subscribe' && e.channel === CHAT);
    const clientId = subscribe?.clientId;
    expect(clientId).toBeTruthy();
    await page.close({ runBeforeUnload: false });
    await context.close();
    // Best effort: a /meta/disconnect reaches the server, or the server removed the session. Faye
    // itself forgets a silent session only 2 × its 10 s timeout after the last connect: 8 s cannot be that.
    const ended = () => backend.faye.wire.some((e) => e.clientId === clientId && (e.type === 'disconnect' || e.type === 'session-removed'));
    for (let waited = 0; !ended() && waited < 8000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended(), `the server still holds session ${clientId} after the page closed`).toBe(true);
  });
});
