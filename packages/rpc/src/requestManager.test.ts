import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestManager, type RequestManagerOptions } from './requestManager.js';
import { track } from '../test/support/track.js';

function setup(options: Partial<RequestManagerOptions> = {}) {
  const sent: Array<{ id: string; message: unknown }> = [];
  const manager = new RequestManager({
    send: (message, id) => {
      sent.push({ id, message });
      return true;
    },
    ...options,
  });
  const call = (method: string, opts = {}) => {
    const id = manager.nextId();
    return manager.start(id, { id, method }, opts);
  };
  return { manager, sent, call };
}

/** Settles the promise's state into a plain value, to assert without awaiting forever. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestManager', () => {
  it('generates unique ids and resolves the matching call', async () => {
    const { manager, sent, call } = setup();
    manager.online();
    const a = call('a');
    const b = call('b');
    expect(a.id).not.toBe(b.id);
    expect(sent.map((s) => s.message)).toEqual([
      { id: a.id, method: 'a' },
      { id: b.id, method: 'b' },
    ]);
    expect(manager.resolve(b.id, 2)).toBe(true);
    expect(manager.resolve(a.id, 1)).toBe(true);
    await expect(a.promise).resolves.toBe(1);
    await expect(b.promise).resolves.toBe(2);
    expect(manager.size).toBe(0);
    expect(manager.inFlightCount).toBe(0);
  });

  it('keeps calls outgoing while offline and sends them in order when online', () => {
    const { manager, sent, call } = setup();
    call('a');
    call('b');
    expect(sent).toHaveLength(0);
    expect(manager.queuedCount).toBe(2);
    manager.online();
    expect(sent.map((s) => (s.message as { method: string }).method)).toEqual(['a', 'b']);
    expect(manager.inFlightCount).toBe(2);
    expect(manager.queuedCount).toBe(0);
  });

  it('honours maxInFlight with an ordered queue', async () => {
    const { manager, sent, call } = setup({ maxInFlight: 2 });
    manager.online();
    const calls = ['a', 'b', 'c', 'd'].map((m) => call(m));
    expect(sent.map((s) => s.id)).toEqual([calls[0]?.id, calls[1]?.id]);
    manager.resolve(calls[1]!.id, 'B');
    expect(sent.map((s) => s.id)).toEqual([calls[0]?.id, calls[1]?.id, calls[2]?.id]);
    manager.reject(calls[0]!.id, new Error('nope'));
    expect(sent.map((s) => s.id)).toEqual(calls.map((c) => c.id));
    expect(manager.inFlightCount).toBe(2);
    await expect(calls[0]!.promise).rejects.toThrow('nope');
  });

  it('sends a backlog in call order behind maxInFlight, skipping cancelled calls', async () => {
    const { manager, sent, call } = setup({ maxInFlight: 2 });
    const calls = Array.from({ length: 200 }, (_, i) => call(`m${i}`));
    for (const i of [5, 150]) {
      calls[i]?.cancel();
      await expect(calls[i]?.promise).rejects.toMatchObject({ code: 'CANCELLED' });
    }
    manager.online();
    for (let i = 0; i < sent.length; i++) manager.resolve(sent[i]!.id, i);
    expect(sent.map((s) => s.id)).toEqual(calls.filter((_, i) => i !== 5 && i !== 150).map((c) => c.id));
    expect(manager.queuedCount).toBe(0);
    expect(manager.inFlightCount).toBe(0);
    await expect(calls[199]!.promise).resolves.toBe(197);
  });

  it('times out with the default and the per-call timeout, and drops the late reply', async () => {
    const { manager, call } = setup({ timeoutMs: 1000 });
    manager.online();
    const slow = track(call('slow').promise);
    const quick = call('quick', { timeoutMs: 100 });
    const quickState = track(quick.promise);
    await vi.advanceTimersByTimeAsync(100);
    expect(quickState.status).toBe('rejected');
    expect(quickState.error).toMatchObject({ code: 'RPC_TIMEOUT', name: 'RpcTimeoutError', timeoutMs: 100 });
    expect(slow.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(900);
    expect(slow.status).toBe('rejected');
    expect(manager.resolve(quick.id, 'late')).toBe(false);
    expect(manager.droppedReplyCount).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('Infinity waits forever and leaves no timer', () => {
    const { manager, call } = setup();
    manager.online();
    call('forever', { timeoutMs: Infinity });
    expect(vi.getTimerCount()).toBe(0);
    expect(manager.size).toBe(1);
  });

  it('times out calls still waiting in the queue and removes them from it', async () => {
    const { manager, sent, call } = setup({ timeoutMs: 50 });
    const state = track(call('a').promise);
    await vi.advanceTimersByTimeAsync(50);
    expect(state.error).toMatchObject({ code: 'RPC_TIMEOUT' });
    manager.online();
    expect(sent).toHaveLength(0);
  });

  it('cancels by AbortSignal with the signal reason as cause, and frees the slot', async () => {
    const { manager, sent, call } = setup({ maxInFlight: 1 });
    manager.online();
    const controller = new AbortController();
    const first = call('a', { signal: controller.signal });
    const second = call('b');
    expect(sent).toHaveLength(1);
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(first.promise).rejects.toMatchObject({ code: 'CANCELLED', cause: reason });
    expect(sent.map((s) => s.id)).toEqual([first.id, second.id]);
    expect(manager.resolve(first.id, 'late')).toBe(false);
    expect(manager.droppedReplyCount).toBe(1);
  });

  it('rejects at once for an already aborted signal and sends nothing', async () => {
    const { manager, sent, call } = setup();
    manager.online();
    const controller = new AbortController();
    controller.abort('gone');
    await expect(call('a', { signal: controller.signal }).promise).rejects.toMatchObject({ code: 'CANCELLED', cause: 'gone' });
    expect(sent).toHaveLength(0);
  });

  it('cancel() of a queued call removes it from the queue', async () => {
    const { manager, sent, call } = setup();
    const a = call('a');
    a.cancel();
    await expect(a.promise).rejects.toMatchObject({ code: 'CANCELLED' });
    manager.online();
    expect(sent).toHaveLength(0);
  });

  it('on connection lost rejects calls in flight, re-queues retry calls in order, keeps queued ones', async () => {
    const { manager, sent, call } = setup({ maxInFlight: 3 });
    manager.online();
    const plain = track(call('plain').promise);
    const r1 = call('r1', { retry: true });
    const r2 = call('r2', { retry: true });
    const waiting = call('waiting');
    manager.connectionLost(new Error('socket closed'));
    await Promise.resolve();
    expect(plain.status).toBe('rejected');
    expect(plain.error).toMatchObject({ code: 'CONNECTION_LOST', name: 'ConnectionLostError' });
    expect(manager.queuedCount).toBe(3);
    sent.length = 0;
    manager.online();
    expect(sent.map((s) => s.id)).toEqual([r1.id, r2.id, waiting.id]);
    manager.resolve(r2.id, 'ok');
    await expect(r2.promise).resolves.toBe('ok');
  });

  it('rejectAll settles everything and clears every timer', async () => {
    const { manager, call } = setup();
    manager.online();
    const a = track(call('a').promise);
    manager.connectionLost();
    const b = track(call('b').promise);
    manager.rejectAll(new Error('closed'));
    await Promise.resolve();
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(manager.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects new calls beyond queueLimit with BUFFER_OVERFLOW', async () => {
    const { call } = setup({ queueLimit: 1 });
    call('a');
    await expect(call('b').promise).rejects.toMatchObject({ code: 'BUFFER_OVERFLOW' });
  });

  it('rejects a call the transport dropped', async () => {
    const manager = new RequestManager({ send: () => false });
    manager.online();
    const id = manager.nextId();
    await expect(manager.start(id, id).promise).rejects.toMatchObject({ code: 'BUFFER_OVERFLOW' });
    expect(manager.inFlightCount).toBe(0);
  });

  it('survives a transport that answers synchronously', async () => {
    const manager: RequestManager = new RequestManager({
      send: (_message, id) => manager.resolve(id, `echo ${id}`),
    });
    manager.online();
    const id = manager.nextId();
    const call = manager.start(id, id);
    await expect(call.promise).resolves.toBe(`echo ${call.id}`);
    expect(manager.inFlightCount).toBe(0);
  });

  it('reports the oldest call in flight', () => {
    const { manager, call } = setup();
    expect(manager.oldestInFlightId()).toBeUndefined();
    manager.online();
    const a = call('a');
    const b = call('b');
    expect(manager.oldestInFlightId()).toBe(a.id);
    manager.resolve(a.id, 1);
    expect(manager.oldestInFlightId()).toBe(b.id);
  });

  it('10 000 concurrent calls all settle with never-colliding ids', async () => {
    const { manager, sent, call } = setup();
    manager.online();
    const calls = Array.from({ length: 10_000 }, (_, i) => call(`m${i}`));
    expect(new Set(calls.map((c) => c.id)).size).toBe(10_000);
    for (const { id } of [...sent].reverse()) manager.resolve(id, id);
    const values = await Promise.all(calls.map((c) => c.promise));
    expect(values).toEqual(calls.map((c) => c.id));
  });
});
