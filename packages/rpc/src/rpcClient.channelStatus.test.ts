import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket } from '@rxwire/core/testing';
import type { ChannelStatus, Continuity } from '@rxwire/core';
import { RpcClient } from './rpcClient.js';

type Json = Record<string, unknown>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RpcClient channel status and continuity', () => {
  it('connecting, subscribing, live; reconnecting after a loss, then one gap per resubscribe', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({
      url: 'ws://test/stream',
      WebSocket: fake.WebSocket,
      heartbeat: false,
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    const lastFrame = () => JSON.parse(fake.last.sent.at(-1) as string) as Json;
    const confirm = () => fake.last.receive(JSON.stringify({ id: lastFrame().id, method: 'subscribe', response: { subscribed: { prices: ['*'] } } }));
    const channel = rpc.channel('prices');
    const statuses: ChannelStatus[] = [];
    const continuity: Continuity[] = [];
    channel.status$?.subscribe((s) => statuses.push(s));
    channel.continuity$?.subscribe((c) => continuity.push(c));
    channel.messages$.subscribe();
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['idle', 'connecting', 'subscribing', 'live']);
    const lostAt = Date.now();
    fake.last.serverClose(1006, '', false);
    await vi.advanceTimersByTimeAsync(20);
    expect(statuses.at(-1)).toBe('reconnecting');
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.slice(4)).toEqual(['reconnecting', 'subscribing', 'live']);
    expect(continuity).toHaveLength(1);
    expect(continuity[0]).toMatchObject({ resumed: 'gap', lostAt });
    expect(continuity[0]!.resumedAt).toBeGreaterThanOrEqual(continuity[0]!.lostAt);
    const closing = rpc.close();
    for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
    await closing;
  });
});
