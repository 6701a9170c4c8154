import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RxwireError } from '@rxwire/core';
import { createFakeWebSocket } from '@rxwire/core/testing';
import { RpcClient } from './rpcClient.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RpcClient replies that match no call', () => {
  it('counts a late reply (after a timeout or cancel) quietly, and reports a repeated or unknown one', async () => {
    const fake = createFakeWebSocket();
    const rpc = new RpcClient({ url: 'ws://test/stream', WebSocket: fake.WebSocket, heartbeat: false, timeoutMs: 100 });
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    const slow = rpc.call('slow').catch((e: unknown) => e);
    const controller = new AbortController();
    const cancelled = rpc.call('other', undefined, { signal: controller.signal }).catch((e: unknown) => e);
    const answered = rpc.call('fast');
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    const ids = fake.last.sent.map((f) => (JSON.parse(f as string) as { id: string }).id);
    fake.last.receive(JSON.stringify({ id: ids[2], method: 'fast', response: 1 }));
    await expect(answered).resolves.toBe(1);
    controller.abort();
    await vi.advanceTimersByTimeAsync(100);
    expect(await slow).toMatchObject({ code: 'RPC_TIMEOUT' });
    expect(await cancelled).toMatchObject({ code: 'CANCELLED' });
    fake.last.receive(JSON.stringify({ id: ids[0], method: 'slow', response: 'late' }));
    fake.last.receive(JSON.stringify({ id: ids[1], method: 'other', error: { message: 'late too' } }));
    expect(errors).toEqual([]);
    fake.last.receive(JSON.stringify({ id: ids[2], method: 'fast', response: 'again' }));
    fake.last.receive(JSON.stringify({ id: 'never-sent', method: 'x', response: 0 }));
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['BAD_FRAME', `Skipped an inbound aio-openapi message: a reply with an unknown or already answered id "${ids[2]}".`],
      ['BAD_FRAME', 'Skipped an inbound aio-openapi message: a reply with an unknown or already answered id "never-sent".'],
    ]);
    expect(rpc.droppedReplyCount).toBe(4);
    const closing = rpc.close();
    for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
    await closing;
  });
});
