// The demo SPA (examples/spa) in a real Chromium against the real demo backend (Faye, the
// aio-openapi reference server, the ticker): chat both ways, RPC calls, the ticker over RPC pub/sub,
// one wire subscribe per channel under StrictMode, and long-polling when WebSocket is blocked.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startDemoBackend, type DemoBackend } from '../demo/backend.mjs';
import { launchChromium } from './support/chromium.js';
import { screenshot, serveSpa, waitForSelector } from './support/spa.js';

const CHAT = '/chat/demo';
let backend: DemoBackend;
let site: Awaited<ReturnType<typeof serveSpa>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const clients: BayeuxClient[] = [];

beforeAll(async () => {
  backend = await startDemoBackend({ tickMs: 200 });
  [site, browser] = await Promise.all([serveSpa(backend.config), launchChromium()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  for (const client of clients) await client.disconnect();
  await browser?.close();
  await site?.close();
  await backend?.close();
});

/** A Node-side Bayeux client, as another user of the chat room. */
function nodeClient(): BayeuxClient {
  const client = new BayeuxClient({ url: backend.bayeuxUrl });
  clients.push(client);
  return client;
}

async function openDemo(query = '', prepare?: (context: BrowserContext) => Promise<unknown>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  contexts.push(context);
  await prepare?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${site.url}/${query}`);
  await waitForSelector(page, '[data-testid=chat-subscribed][data-subscribed=true]');
  expect(errors).toEqual([]);
  return page;
}

const chatTexts = (page: Page) => page.locator('[data-testid=chat-message]').allInnerTexts();

describe('the demo SPA in Chromium', () => {
  it('is bundled without Node-only code (all four packages and React, through their browser exports)', () => {
    for (const nodeOnly of ['node-fetch', 'cross-fetch', 'tough-cookie', 'isomorphic-ws', 'createWebSocketStream', 'require("ws")', 'node:', 'process.env']) {
      expect(site.bundle.includes(nodeOnly), nodeOnly).toBe(false);
    }
    for (const used of ['BayeuxClient', 'RpcClient']) expect(site.bundle.includes(used), used).toBe(true);
  });

  it('sends one wire subscribe per channel under StrictMode (counted on the servers)', async () => {
    const from = backend.faye.wire.length;
    const rpcSubscribes: string[] = [];
    const page = await openDemo('', async (context) => {
      context.on('page', (p) =>
        p.on('websocket', (ws) =>
          ws.on('framesent', ({ payload }) => {
            if (String(payload).includes('"method":"subscribe"')) rpcSubscribes.push(String(payload));
          }),
        ),
      );
    });
    await waitForSelector(page, '[data-testid=tick]');
    // Longer than the clients' unsubscribe grace period (100 ms): any churn would show by now.
    await page.waitForTimeout(500);
    const wire = backend.faye.wire.slice(from).filter((e) => e.channel === CHAT);
    // StrictMode mounts, unmounts and mounts again, and two components (the room and the header's
    // last message) use the channel: still one subscribe, and no unsubscribe.
    expect(wire.map((e) => e.type)).toEqual(['subscribe']);
    expect(rpcSubscribes).toHaveLength(1);
    expect(JSON.parse(rpcSubscribes[0] as string)).toMatchObject({ method: 'subscribe', payload: { channel: 'prices', event: 'tick.*' } });
    expect(await page.getAttribute('[data-testid=badge-bayeux]', 'data-transport')).toBe('websocket');
  });

  it("shares one RPC connection between its tabs (share: 'tabs'): the badge says leader, then follower in a second tab", async () => {
    const page = await openDemo();
    await waitForSelector(page, '[data-testid=role-rpc][data-role=leader]');
    const second = await page.context().newPage();
    await second.goto(`${site.url}/`);
    await waitForSelector(second, '[data-testid=role-rpc][data-role=follower]');
    // And one Bayeux session: the second tab's chat goes through the first tab's.
    await waitForSelector(page, '[data-testid=role-bayeux][data-role=leader]');
    await waitForSelector(second, '[data-testid=role-bayeux][data-role=follower]');
    await waitForSelector(second, '[data-testid=chat-subscribed][data-subscribed=true]');
    await waitForSelector(second, '[data-testid=tick]');
    await second.close();
  });

  it('shows chat messages published from Node', async () => {
    const page = await openDemo();
    const node = nodeClient();
    await node.publish(CHAT, { author: 'node', text: 'hello from Node' });
    await page.getByText('hello from Node').first().waitFor({ timeout: 15_000 });
    expect(await chatTexts(page)).toContain('node: hello from Node');
    expect(await page.innerText('[data-testid=chat-last]')).toBe('node: hello from Node');
  });

  it('publishes from the page to a Node subscriber', async () => {
    const node = nodeClient();
    const channel = node.channel<{ author: string; text: string }>(CHAT);
    const received = firstValueFrom(channel.messages$.pipe(filter((m) => m.data.text === 'hello from Chromium'), timeout(15_000)));
    await firstValueFrom(channel.subscribed$.pipe(filter(Boolean), take(1), timeout(15_000)));
    const page = await openDemo();
    await page.getByLabel('message').fill('hello from Chromium');
    await page.getByRole('button', { name: 'Send' }).click();
    const message = await received;
    expect(message.channel).toBe(CHAT);
    expect(message.data.author).toMatch(/^guest-\d+$/);
    // The page's own message comes back to it as well.
    await page.getByText('hello from Chromium').first().waitFor({ timeout: 15_000 });
  });

  it('makes an RPC call round trip, shows the server error, and shows the RPC ticker', async () => {
    const page = await openDemo();
    await page.getByLabel('a', { exact: true }).fill('20');
    await page.getByLabel('b', { exact: true }).fill('22');
    await page.getByRole('button', { name: 'Call' }).click();
    await page.getByText('= 42').waitFor({ timeout: 15_000 });
    await page.getByLabel('b', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Call' }).click();
    await page.getByText('Invalid RPC parameters').waitFor({ timeout: 15_000 });

    // Both symbols of the `tick.*` glob arrive, and keep arriving.
    await waitForSelector(page, '[data-testid=tick][data-symbol=RXW]');
    await waitForSelector(page, '[data-testid=tick][data-symbol=ACME]');
    const seq = Number(await page.getAttribute('[data-testid=tick][data-symbol=RXW]', 'data-seq'));
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid=tick][data-symbol=RXW]')?.getAttribute('data-seq')) > before,
      seq,
      { timeout: 15_000 },
    );
    expect(await page.innerText('[data-testid=pending-rpc-queued]')).toBe('0');
    await page.getByLabel('message').fill('screenshot time');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('screenshot time').first().waitFor({ timeout: 15_000 });
    await page.getByLabel('b', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Call' }).click();
    await page.getByText('= 23').waitFor({ timeout: 15_000 });
    await screenshot(page, 'demo-websocket');
  });

  it('falls back to long-polling when WebSocket is blocked, and chats both ways over it', async () => {
    // A proxy that refuses WebSocket upgrades: Bayeux's socket goes to a closed port instead.
    const page = await openDemo('', (context) =>
      context.addInitScript(() => {
        const Native = WebSocket;
        globalThis.WebSocket = class extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(String(url).includes('/bayeux') ? 'ws://127.0.0.1:9/blocked' : url, protocols);
          }
        };
      }),
    );
    expect(await page.getAttribute('[data-testid=badge-bayeux]', 'data-transport')).toBe('long-polling');
    expect(await page.getAttribute('[data-testid=badge-bayeux]', 'data-state')).toBe('connected');

    const node = nodeClient();
    const channel = node.channel<{ text: string }>(CHAT);
    const received = firstValueFrom(channel.messages$.pipe(filter((m) => m.data.text === 'over long-polling'), timeout(15_000)));
    await firstValueFrom(channel.subscribed$.pipe(filter(Boolean), take(1), timeout(15_000)));
    await page.getByLabel('message').fill('over long-polling');
    await page.getByRole('button', { name: 'Send' }).click();
    await received;
    await node.publish(CHAT, { author: 'node', text: 'back over long-polling' });
    await page.getByText('back over long-polling').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'demo-long-polling');
  });

  it('pins long-polling with ?transport=long-polling', async () => {
    const page = await openDemo('?transport=long-polling');
    expect(await page.getAttribute('[data-testid=badge-bayeux]', 'data-transport')).toBe('long-polling');
    await nodeClient().publish(CHAT, { author: 'node', text: 'pinned long-polling' });
    await page.getByText('pinned long-polling').first().waitFor({ timeout: 15_000 });
  });
});

describe('examples/node/consumer.mjs', () => {
  it('reads the same channels as observables and exits by itself', async () => {
    const script = fileURLToPath(new URL('../examples/node/consumer.mjs', import.meta.url));
    // A hang guard: the script takes about a second; if a client kept a timer or socket it would never exit.
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--bayeux', backend.bayeuxUrl, '--rpc', backend.rpcUrl], {
      timeout: 30_000,
    });
    expect(stdout).toContain('chat: node-example: hello from Node');
    expect(stdout).toContain('rpc: add(2, 3) = 5');
    expect(stdout.match(/^ticker: RXW \d+\.\d\d \(event tick\.RXW\)$/gm)).toHaveLength(3);
    expect(stdout).toContain('done: clients closed, exiting by itself');
  });
});
