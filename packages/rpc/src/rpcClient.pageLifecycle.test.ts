import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePageLifecycle } from '@rxwire/core/testing';
import { createFakeWebSocket, type FakeWebSocketFactory } from '@rxwire/core/testing';
import type { ChannelStatus, Continuity } from '@rxwire/core';
import { RpcClient } from './rpcClient.js';

type Json = Record<string, unknown>;

let fake: FakeWebSocketFactory;
beforeEach(() => {
  vi.useFakeTimers();
  fake = createFakeWebSocket();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A client with one live channel ('prices'), on a fake page. */
async function liveClient(options: { idleWhenHiddenMs?: number } = {}) {
  const page = fakePageLifecycle();
  const rpc = new RpcClient({ url: 'ws://test/stream', WebSocket: fake.WebSocket, heartbeat: false, pageLifecycle: page.lifecycle, logger: false, ...options });
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
  expect(statuses.at(-1)).toBe('live');
  const close = async () => {
    const closing = rpc.close();
    for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
    await closing;
  };
  return { rpc, page, statuses, continuity, confirm, close };
}

describe('RpcClient and the page lifecycle (without share)', () => {
  it('idleWhenHiddenMs: closes the socket cleanly once hidden that long, and when visible reconnects and resubscribes (gap)', async () => {
    const { page, statuses, continuity, confirm, close } = await liveClient({ idleWhenHiddenMs: 1000 });
    page.fire('hidden');
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.sockets).toHaveLength(1);
    expect(fake.last.closedBy).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.last.closedBy).toEqual({ code: 1000, reason: 'page hidden' });
    fake.last.serverClose(1000, 'page hidden');
    expect(statuses.at(-1)).toBe('reconnecting');
    // Hidden: no retry, however long.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);

    page.fire('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(fake.last.sent.at(-1) as string)).toMatchObject({ method: 'subscribe' });
    confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('live');
    expect(continuity).toEqual([expect.objectContaining({ resumed: 'gap' })]);
    await close();
  });

  it('pageLifecycle: suspend closes cleanly, resume reconnects and resubscribes (gap)', async () => {
    const { page, statuses, continuity, confirm, close } = await liveClient();
    page.fire('suspend');
    expect(fake.last.closedBy).toEqual({ code: 1000, reason: 'page suspended' });
    fake.last.serverClose(1000, 'page suspended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
    page.fire('resume');
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('live');
    expect(continuity).toEqual([expect.objectContaining({ resumed: 'gap' })]);
    await close();
  });
});
