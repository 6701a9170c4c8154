import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket } from '@rxwire/core/testing';
import { RpcClient } from './rpcClient.js';

// As in browsers (dialectByName.browser.ts): a dialect given by name arrives asynchronously.
vi.mock('./dialectByName.js', async () => {
  const { dialects } = await import('./dialects.js');
  return { dialectByName: (name: keyof typeof dialects) => Promise.resolve().then(() => dialects[name]()) };
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Json = Record<string, unknown>;

describe('RpcClient with a dialect that loads lazily', () => {
  it('throws at once for what the dialect lacks, before it has loaded, and stays lazy', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({ url: 'ws://x', protocol: 'json-rpc', WebSocket: fake.WebSocket });
    expect(rpc.protocol).toBeUndefined();
    expect(() => rpc.request({ method: 'GET', url: '/' })).toThrow(/json-rpc dialect has no request/);
    expect(() => rpc.channel('feed', { event: 'x' })).toThrow(/no event filter/);
    expect(() => new RpcClient({ url: 'ws://x', protocol: 'json-rpc', binary: true })).toThrow(/binary/);
    await vi.advanceTimersByTimeAsync(0);
    expect(rpc.protocol?.name).toBe('json-rpc');
    expect(fake.sockets).toHaveLength(0);
    expect(rpc.state).toBe('idle');
  });

  it('connects once the dialect is there; calls, notifications and channels made before it go out after', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({ url: 'ws://test', protocol: 'json-rpc', WebSocket: fake.WebSocket, heartbeat: false });
    const result = rpc.call('sum', [1, 2]);
    rpc.notify('log', 'x');
    const pushes: unknown[] = [];
    rpc.channel('feed').messages$.subscribe((m) => pushes.push(m.data));
    await vi.advanceTimersByTimeAsync(0);
    expect(rpc.protocol?.name).toBe('json-rpc');
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    const frames = fake.last.sent.map((f) => JSON.parse(f as string) as Json);
    // As with any dialect, a notification goes out as soon as the socket opens, calls once connected.
    expect(frames.map((f) => f.method).sort()).toEqual(['log', 'rpc.on', 'sum']);
    const sum = frames.find((f) => f.method === 'sum');
    const on = frames.find((f) => f.method === 'rpc.on');
    fake.last.receive(JSON.stringify({ jsonrpc: '2.0', result: 3, id: sum?.id }));
    await expect(result).resolves.toBe(3);
    fake.last.receive(JSON.stringify({ jsonrpc: '2.0', result: { feed: 'ok' }, id: on?.id }));
    fake.last.receive(JSON.stringify({ notification: 'feed', params: [1] }));
    expect(pushes).toEqual([[1]]);
    const closing = rpc.close();
    fake.last.serverClose();
    await closing;
  });

  it('a client closed before the dialect loaded never connects and rejects its calls', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({ url: 'ws://test', protocol: 'aio-openapi', WebSocket: fake.WebSocket, heartbeat: false });
    const result = rpc.call('x');
    await rpc.close();
    await expect(result).rejects.toMatchObject({ code: 'CLOSED' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(0);
  });

  it('puts the binary codec of aiorest-ws in place once it loaded', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({ url: 'ws://test', protocol: 'aiorest-ws', binary: true, WebSocket: fake.WebSocket, heartbeat: false });
    const result = rpc.request({ method: 'GET', url: '/users/7' });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    const frame = fake.last.sent[0] as Uint8Array;
    expect(frame).toBeInstanceOf(Uint8Array);
    const request = JSON.parse(atob(new TextDecoder().decode(frame))) as Json;
    fake.last.receive(new TextEncoder().encode(btoa(JSON.stringify({ data: { id: 7 }, event_name: request.event_name }))).buffer);
    await expect(result).resolves.toEqual({ id: 7 });
    const closing = rpc.close();
    fake.last.serverClose();
    await closing;
  });
});
