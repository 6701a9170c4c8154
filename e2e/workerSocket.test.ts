import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import type { WebSocket as WsSocket } from 'ws';
import { launchChromium } from './support/chromium.js';
import { bundleForBrowser } from './support/bundle.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

// The worker socket (@rxwire/core/worker) in a real Chromium, bundled as an app bundles it: the real
// socket in a dedicated Worker, frames handed to the page in batches.

const entry = fileURLToPath(new URL('./pages/workerSocketProbe.ts', import.meta.url));
const N = 2000;

interface Probe {
  states: string[];
  errors: string[];
  closes: Array<{ code: number; reason: string; wasClean: boolean }>;
  messages: unknown[];
  deliveries: number;
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
const waitFor = (page: Page, predicate: string) => page.waitForFunction(predicate, undefined, { timeout: 20_000, polling: 20 });
const seqs = (count: number) => Array.from({ length: count }, (_, i) => ({ seq: i + 1 }));

/** A server that answers the page's first frame with N frames, one message each, and notes what it got. */
async function feedServer(onFrame: (socket: WsSocket, text: string) => void) {
  const server = await startWsServer();
  const received: string[] = [];
  const closedWith: number[] = [];
  server.onConnection((socket) => {
    socket.on('message', (data) => {
      received.push(String(data));
      onFrame(socket, String(data));
    });
    socket.on('close', (code) => closedWith.push(code));
  });
  return { server, received, closedWith };
}

async function openPage(server: TestServer, mode: 'connection' | 'rpc') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/?mode=${mode}&ws=${encodeURIComponent(server.url)}`);
  return { context, page };
}

describe('workerWebSocket in Chromium', () => {
  it('a webSocketConnection receives N frames in order exactly once, in few page tasks, sends, and closes leaving no worker', async () => {
    const { server, received, closedWith } = await feedServer((socket, text) => {
      if (text === '"start"') for (const m of seqs(N)) socket.send(JSON.stringify(m));
    });
    const { context, page } = await openPage(server, 'connection');
    try {
      await waitFor(page, `globalThis.probe?.states.includes('connected')`);
      expect(page.workers()).toHaveLength(1);
      const workerGone = new Promise<void>((resolve) => page.workers()[0]?.once('close', () => resolve()));
      await page.evaluate(() => (globalThis as unknown as { connection: { send(m: unknown): boolean } }).connection.send('start'));
      await waitFor(page, `globalThis.probe.messages.length >= ${N}`);
      const seen = await probe(page);
      expect(received).toEqual(['"start"']);
      expect(seen.messages).toEqual(seqs(N));
      // One page task per batch, not per frame (a native WebSocket would make N).
      expect(seen.deliveries).toBeLessThan(N / 4);
      await page.evaluate(() => (globalThis as unknown as { connection: { close(): void } }).connection.close());
      await waitFor(page, `globalThis.probe.states.at(-1) === 'closed'`);
      await workerGone;
      expect(page.workers()).toHaveLength(0);
      expect((await probe(page)).errors).toEqual([]);
      await expect.poll(() => closedWith).toEqual([1000]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('an RpcClient calls, gets its channel pushes in order, and closes leaving no worker', async () => {
    const { server } = await feedServer((socket, text) => {
      const request = JSON.parse(text) as { id?: number; method: string; params?: unknown };
      if (request.method === 'rpc.on') {
        socket.send(JSON.stringify({ jsonrpc: '2.0', result: { feed: 'ok' }, id: request.id }));
        for (const m of seqs(N)) socket.send(JSON.stringify({ notification: 'feed', params: m }));
      } else if (request.method === 'add') {
        const [a, b] = request.params as [number, number];
        socket.send(JSON.stringify({ jsonrpc: '2.0', result: a + b, id: request.id }));
      }
    });
    const { context, page } = await openPage(server, 'rpc');
    try {
      await waitFor(page, `globalThis.probe?.messages.length >= ${N}`);
      expect((await probe(page)).messages).toEqual(seqs(N));
      const sum = await page.evaluate(() => (globalThis as unknown as { rpc: { call(m: string, p: unknown): Promise<number> } }).rpc.call('add', [2, 3]));
      expect(sum).toBe(5);
      const workerGone = new Promise<void>((resolve) => page.workers()[0]?.once('close', () => resolve()));
      await page.evaluate(() => (globalThis as unknown as { rpc: { close(): Promise<void> } }).rpc.close());
      await workerGone;
      expect(page.workers()).toHaveLength(0);
      expect((await probe(page)).errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('surfaces the code and reason of a server that closes, and ends the worker', async () => {
    const { server } = await feedServer((socket, text) => {
      if (text === '"start"') {
        socket.send(JSON.stringify({ last: true }));
        socket.close(4321, 'go away');
      }
    });
    const { context, page } = await openPage(server, 'connection');
    try {
      await waitFor(page, `globalThis.probe?.states.includes('connected')`);
      const workerGone = new Promise<void>((resolve) => page.workers()[0]?.once('close', () => resolve()));
      await page.evaluate(() => (globalThis as unknown as { connection: { send(m: unknown): boolean } }).connection.send('start'));
      await waitFor(page, `globalThis.probe.closes.length > 0`);
      const seen = await probe(page);
      expect(seen.messages).toEqual([{ last: true }]);
      expect(seen.closes).toEqual([{ code: 4321, reason: 'go away', wasClean: true }]);
      await workerGone;
      expect(page.workers()).toHaveLength(0);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
