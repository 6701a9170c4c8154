import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket, fakePageLifecycle, type FakeWebSocketFactory } from '@rxwire/core/testing';
import type { ChannelStatus, TabRole } from '@rxwire/core';
import { RpcClient } from '../rpcClient.js';

// RpcClient's page lifecycle is its core connection's (PageWatch), which starts with every connect,
// `share` or not: a share that runs alone (here: Node, no Web Locks nor BroadcastChannel) follows the
// page as without `share`. This pins that down.
type Json = Record<string, unknown>;

let fake: FakeWebSocketFactory;
beforeEach(async () => {
  // Loaded up front, so that the client's dynamic imports settle under fake timers.
  await import('./rpcTabShare.js');
  await import('../../../core/src/tabs/tabShare.js');
  vi.useFakeTimers();
  fake = createFakeWebSocket();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RpcClient({ share: 'tabs' }) where tabs cannot share", () => {
  it("runs alone and follows the page: suspend closes cleanly, resume reconnects and resubscribes; idleWhenHiddenMs applies", async () => {
    const page = fakePageLifecycle();
    const rpc = new RpcClient({ url: 'ws://test/stream', share: 'tabs', WebSocket: fake.WebSocket, heartbeat: false, pageLifecycle: page.lifecycle, idleWhenHiddenMs: 1000, logger: false });
    const roles: TabRole[] = [];
    rpc.role$.subscribe((role) => roles.push(role));
    const confirm = async () => {
      const { id } = JSON.parse(fake.last.sent.at(-1) as string) as Json;
      fake.last.receive(JSON.stringify({ id, method: 'subscribe', response: { subscribed: { prices: ['*'] } } }));
      await vi.advanceTimersByTimeAsync(0);
    };
    const statuses: ChannelStatus[] = [];
    const channel = rpc.channel('prices');
    channel.status$?.subscribe((s) => statuses.push(s));
    channel.messages$.subscribe();
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    await confirm();
    expect([roles.at(-1), statuses.at(-1)]).toEqual(['alone', 'live']);

    page.fire('suspend');
    expect(fake.last.closedBy).toEqual({ code: 1000, reason: 'page suspended' });
    fake.last.serverClose(1000, 'page suspended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
    page.fire('resume');
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    await confirm();
    expect(statuses.at(-1)).toBe('live');

    page.fire('hidden');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.last.closedBy).toEqual({ code: 1000, reason: 'page hidden' });
    fake.last.serverClose(1000, 'page hidden');
    page.fire('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(3);
    const closing = rpc.close();
    for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
    await closing;
  });
});
