import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'rpc-websockets';
import { firstValueFrom, filter } from 'rxjs';
import type { ChannelMessage, RxwireError } from '@rxwire/core';
import { RpcClient, RpcError } from '@rxwire/rpc';

interface RunningServer {
  server: Server;
  port: number;
  url: string;
  notified: unknown[];
  /** Frames received from clients. */
  frames: { count: number };
  kill(): Promise<void>;
}

/** The real rpc-websockets Server on loopback, with a few methods and the event `feed`. */
async function startServer(port = 0): Promise<RunningServer> {
  const server = new Server({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  const address = server.wss.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const notified: unknown[] = [];
  const frames = { count: 0 };
  server.on('connection', (socket) => socket.on('message', () => frames.count++));
  server.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  server.register('greet', (params) => `Hello, ${(params as { name: string }).name}!`);
  server.register('boom', () => {
    throw new Error('kaboom');
  });
  server.register('log', (params) => {
    notified.push(params);
  });
  server.register('notified', () => notified);
  server.event('feed');
  return {
    server,
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}`,
    notified,
    frames,
    kill: async () => {
      for (const socket of server.wss.clients) socket.terminate();
      await new Promise<void>((resolve) => server.wss.close(() => resolve()));
    },
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { batch?: boolean } = {}) {
  const running = await startServer();
  const rpc = new RpcClient({ url: running.url, protocol: 'json-rpc', timeoutMs: 5000, ...options });
  cleanups.push(() => running.kill(), () => rpc.close());
  return { running, rpc };
}

describe('RpcClient against the real rpc-websockets Server', () => {
  it('calls with array and object params', async () => {
    const { rpc } = await setup();
    await rpc.connect();
    await expect(rpc.call('sum', [1, 2, 3])).resolves.toBe(6);
    await expect(rpc.call('greet', { name: 'Ada' })).resolves.toBe('Hello, Ada!');
  });

  it('rejects an unknown method with -32601 and a thrown error with -32000 and its data', async () => {
    const { rpc } = await setup();
    const unknown = await rpc.call('nope').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RpcError);
    expect(unknown).toMatchObject({ code: 'RPC_ERROR', rpcCode: -32601, message: 'Method not found' });
    await expect(rpc.call('boom')).rejects.toMatchObject({ rpcCode: -32000, message: 'Error', data: 'kaboom' });
  });

  it('sends a batch in one frame and settles each call', async () => {
    const { running, rpc } = await setup({ batch: true });
    await rpc.connect();
    const before = running.frames.count;
    const results = await Promise.allSettled([rpc.call('sum', [1, 1]), rpc.call('nope'), rpc.call('greet', { name: 'Bo' })]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { rpcCode: -32601 } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'Hello, Bo!' });
    expect(running.frames.count - before).toBe(1);
  });

  it('notifications run on the server without a reply', async () => {
    const { rpc } = await setup();
    rpc.notify('log', { line: 1 });
    rpc.notify('log', { line: 2 });
    await expect(rpc.call('notified')).resolves.toEqual([{ line: 1 }, { line: 2 }]);
  });

  it('subscribes events with rpc.on, receives them, and releases them with rpc.off', async () => {
    const { running, rpc } = await setup();
    const channel = rpc.channel<{ price: number }>('feed');
    const received: ChannelMessage[] = [];
    const subscription = channel.messages$.subscribe((m) => received.push(m));
    await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
    running.server.emit('feed', { price: 1 });
    running.server.emit('feed', 1, 2);
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([
      { channel: 'feed', event: 'feed', data: { price: 1 } },
      { channel: 'feed', event: 'feed', data: [1, 2] },
    ]);
    subscription.unsubscribe();
    await expect.poll(() => running.server.of('/').clients().events.feed?.sockets.length).toBe(0);
  });

  it('errors a channel the server does not know with SUBSCRIBE_DENIED', async () => {
    const { rpc } = await setup();
    const error = await new Promise<RxwireError>((resolve) => rpc.channel('unknown').messages$.subscribe({ error: resolve }));
    expect(error).toMatchObject({ code: 'SUBSCRIBE_DENIED' });
    expect(error.message).toContain('provided event invalid');
  });

  it('re-subscribes events after the server is restarted on the same port', async () => {
    const first = await startServer();
    const rpc = new RpcClient({ url: first.url, protocol: 'json-rpc', reconnect: { initialDelayMs: 50, maxDelayMs: 100 } });
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    const received: unknown[] = [];
    const confirmations: boolean[] = [];
    const channel = rpc.channel('feed');
    channel.subscribed$.subscribe((s) => confirmations.push(s));
    channel.messages$.subscribe((m) => received.push(m.data));
    await expect.poll(() => confirmations.at(-1)).toBe(true);
    await first.kill();
    await expect.poll(() => confirmations.at(-1)).toBe(false);
    const second = await startServer(first.port);
    cleanups.push(() => second.kill(), () => rpc.close());
    await expect.poll(() => confirmations.at(-1), { timeout: 10_000 }).toBe(true);
    second.server.emit('feed', { after: 'restart' });
    await expect.poll(() => received).toEqual([{ after: 'restart' }]);
    expect(confirmations).toEqual([false, true, false, true]);
  });
});
