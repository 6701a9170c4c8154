import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeInspectable } from '../testing/fakeInspectable.js';
import { createInspectorStore } from './inspectorStore.js';
import { defaultLimits } from './inspectorView.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: 1_000_000 });
});
afterEach(() => vi.useRealTimers());

const flushMicrotasks = () => Promise.resolve();

describe('createInspectorStore', () => {
  it('watches the client only while it has listeners', () => {
    const client = createFakeInspectable({ role: 'leader' });
    const store = createInspectorStore({ client, limits: defaultLimits, refreshMs: 1000 });
    expect(client.observers).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const stopA = store.subscribe(() => {});
    const stopB = store.subscribe(() => {});
    expect(client.observers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    stopA();
    expect(client.observers).toBe(1);
    stopB();
    expect(client.observers).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells its listeners once per burst of events, in a microtask', async () => {
    const client = createFakeInspectable();
    const store = createInspectorStore({ client, limits: defaultLimits, refreshMs: 1000 });
    const listener = vi.fn();
    store.subscribe(listener);
    await flushMicrotasks();
    listener.mockClear();
    for (let i = 0; i < 50; i++) client.emit({ dir: 'in', kind: 'frame', data: i });
    expect(listener).not.toHaveBeenCalled();
    expect(store.getView().frames).toHaveLength(50);
    await flushMicrotasks();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('reads the snapshot when it starts and at every refresh, and follows role$', async () => {
    const client = createFakeInspectable({ role: 'follower', snapshot: { reconnects: 0 } });
    const store = createInspectorStore({ client, limits: defaultLimits, refreshMs: 500 });
    const reads = client.snapshotReads;
    store.subscribe(() => {});
    expect(client.snapshotReads).toBe(reads + 1);
    expect(store.getView().role).toBe('follower');
    client.setSnapshot({ reconnects: 2 });
    vi.advanceTimersByTime(500);
    expect(client.snapshotReads).toBe(reads + 2);
    expect(store.getView().snapshot.reconnects).toBe(2);
    client.setRole('leader');
    expect(store.getView().role).toBe('leader');
  });

  it('pauses and clears the frame log', () => {
    const client = createFakeInspectable();
    const store = createInspectorStore({ client, limits: defaultLimits, refreshMs: 1000 });
    store.subscribe(() => {});
    client.emit({ dir: 'in', kind: 'frame', data: 1 });
    store.setPaused(true);
    client.emit({ dir: 'in', kind: 'frame', data: 2 });
    expect(store.getView().frames.map((f) => f.event.data)).toEqual([1]);
    expect(store.getView().missedWhilePaused).toBe(1);
    store.clearFrames();
    expect(store.getView().frames).toEqual([]);
  });
});
