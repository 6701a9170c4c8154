// Against the real rpc-websockets Server: a url function gives a fresh token for every reconnect,
// and a channel that was resubscribed after a restart reports a 'gap' (events of the outage are lost).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'rpc-websockets';
import type { Continuity, RxwireError } from '@rxwire/core';
import { jsonRpc, RpcClient } from '@rxwire/rpc';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An rpc-websockets server with the event `feed`, recording the token of every connection. */
async function startServer(port: number, tokens: string[]) {
  const server = new Server({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  server.on('connection', (_socket, request) => tokens.push(new URL(request.url ?? '', 'ws://x').searchParams.get('token') ?? ''));
  server.event('feed');
  const address = server.wss.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    kill: async () => {
      for (const socket of server.wss.clients) socket.terminate();
      await new Promise<void>((resolve) => server.wss.close(() => resolve()));
    },
  };
}

describe('RpcClient with a url function, against rpc-websockets', () => {
  it('reconnects with a fresh token each time, and the resubscribed channel reports a gap', async () => {
    const tokens: string[] = [];
    let running = await startServer(0, tokens);
    const port = running.port;
    let issued = 0;
    const rpc = new RpcClient({
      url: async () => `ws://127.0.0.1:${port}?token=t${++issued}`,
      protocol: jsonRpc(),
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      logger: false,
    });
    cleanups.push(() => rpc.close());
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((error) => errors.push(error));
    const channel = rpc.channel('feed');
    const continuity: Continuity[] = [];
    const received: unknown[] = [];
    channel.continuity$?.subscribe((value) => continuity.push(value));
    channel.messages$.subscribe((m) => received.push(m.data));
    let live = false;
    channel.subscribed$.subscribe((subscribed) => (live = subscribed));
    for (let restart = 1; restart <= 2; restart++) {
      await vi.waitUntil(() => live, { timeout: 5000, interval: 5 });
      await running.kill();
      running = await startServer(port, tokens);
      await vi.waitUntil(() => continuity.length === restart, { timeout: 10_000, interval: 5 });
    }
    const current = running;
    cleanups.push(() => current.kill());
    expect(continuity.map((c) => c.resumed)).toEqual(['gap', 'gap']);
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.at(-1)).toBe(`t${issued}`);
    running.server.emit('feed', { after: 'restarts' });
    await vi.waitUntil(() => received.length === 1, { timeout: 5000, interval: 5 });
  });
});
