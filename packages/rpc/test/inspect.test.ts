// Issue 15: RpcClient.inspect$ against the real rpc-websockets server: calls and replies carry the
// call's id (replies their latency and outcome), frames are redacted, and nothing of the recorder is
// even loaded while nobody observes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'rpc-websockets';
import { filter, firstValueFrom } from 'rxjs';
import type { WireEvent } from '@rxwire/core';
import { inspectorLoaded } from '@rxwire/core/testing';
import { RpcClient } from '@rxwire/rpc';

// Counts loads of the lazy recorder module: its factory runs when something first imports it.
const recorder = vi.hoisted(() => ({ loads: 0 }));
vi.mock('../../core/src/inspect/wireRecorder.js', async (importOriginal) => {
  recorder.loads++;
  return importOriginal();
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(): Promise<string> {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  server.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  server.register('boom', () => {
    throw new Error('kaboom');
  });
  server.register('login', () => 'ok');
  server.event('feed');
  cleanups.push(async () => {
    for (const socket of server.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => server.wss.close(() => resolve()));
  });
  const address = server.wss.address();
  return `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function client(url: string): RpcClient {
  const rpc = new RpcClient({ url, protocol: 'json-rpc', logger: false });
  cleanups.push(() => rpc.close());
  return rpc;
}

describe('RpcClient.inspect$ against rpc-websockets', () => {
  // First in this file: the recorder module is loaded by nobody before.
  it('loads nothing of the recorder while nobody observes, however much traffic flows', async () => {
    const rpc = client(await startServer());
    for (let i = 0; i < 20; i++) expect(await rpc.call('sum', [i, 1])).toBe(i + 1);
    expect(recorder.loads).toBe(0);
    const subscription = rpc.inspect$.subscribe();
    await inspectorLoaded();
    expect(recorder.loads).toBeGreaterThan(0); // the mock counts each importer that raced to load it
    subscription.unsubscribe();
  });

  it('shows each call and its reply with the same id, the reply with latency and outcome', async () => {
    const rpc = client(await startServer());
    await rpc.connect();
    const events: WireEvent[] = [];
    rpc.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    expect(await rpc.call('sum', [1, 2])).toBe(3);
    await expect(rpc.call('boom', [])).rejects.toThrow();
    const calls = events.filter((e) => e.kind === 'call');
    const replies = events.filter((e) => e.kind === 'reply');
    expect(calls.map((c) => c.channel)).toEqual(['sum', 'boom']);
    expect(replies.map((r) => [r.id, r.ok, r.channel])).toEqual([
      [calls[0]?.id, true, 'sum'],
      [calls[1]?.id, false, 'boom'],
    ]);
    expect(replies[0]?.data).toBe(3);
    for (const reply of replies) expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    const frames = events.filter((e) => e.kind === 'frame');
    expect(frames.map((f) => f.dir)).toEqual(['out', 'in', 'out', 'in']);
    for (const frame of frames) expect(frame.size).toBeGreaterThan(0);
  });

  it('redacts credentials in what goes out', async () => {
    const rpc = client(await startServer());
    await rpc.connect();
    const events: WireEvent[] = [];
    rpc.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    await rpc.call('login', { user: 'bob', password: 'hunter2', token: 'abc' });
    const shown = JSON.stringify(events);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('abc');
    expect(shown).toContain('bob');
  });

  it('shows state changes and a snapshot with the channel and the calls in flight', async () => {
    const url = await startServer();
    const rpc = client(`${url}/?token=s3cret`);
    const events: WireEvent[] = [];
    rpc.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    const feed = rpc.channel('feed');
    feed.messages$.subscribe();
    await firstValueFrom(feed.subscribed$.pipe(filter(Boolean)));
    expect(events.filter((e) => e.kind === 'state').map((e) => e.data)).toEqual(['connecting', 'connected']);
    const pending = rpc.call('sum', [1]);
    const snapshot = rpc.inspect();
    expect(snapshot).toMatchObject({ kind: 'rpc', url: `${url}/?token=***`, state: 'connected', connectionType: 'websocket', reconnects: 0 });
    expect(snapshot.channels).toEqual([expect.objectContaining({ name: 'feed', observers: 1, subscribed: true, status: 'live' })]);
    expect(snapshot.calls).toEqual([expect.objectContaining({ method: 'sum' })]);
    await pending;
    expect(rpc.inspect().calls).toEqual([]);
  });
});
