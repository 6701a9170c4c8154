import { describe, expect, it } from 'vitest';
import { channelStore } from './channelStore.js';
import { createFakeChannelSource } from '../testing/fakeChannelSource.js';

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const schedule = (flush: () => void) => queueMicrotask(flush);
// The options useChannel adds to the ones these tests are about.
const defaults = { enabled: true, schema: undefined, callbacks: { current: {} } };

describe('channelStore', () => {
  it('coalesces a synchronous burst into one notification with the last N in order', async () => {
    const source = createFakeChannelSource();
    const observer = channelStore<number>({ client: source, name: '/a', event: undefined, ...defaults, history: 50, schedule });
    let notified = 0;
    const unsubscribe = observer.subscribe(() => notified++);
    await microtasks();
    notified = 0;
    const ch = source.fake<number>('/a');
    for (let i = 1; i <= 1000; i++) ch.emit(i);
    expect(notified).toBe(0);
    await microtasks();
    expect(notified).toBe(1);
    const result = observer.getSnapshot();
    expect(result.latest?.data).toBe(1000);
    expect(result.history.map((m) => m.data)).toEqual(Array.from({ length: 50 }, (_, i) => 951 + i));
    unsubscribe();
  });

  it('opens nothing until subscribed and returns a stable server result', () => {
    const source = createFakeChannelSource({ state: 'connected' });
    const observer = channelStore<number>({ client: source, name: '/a', event: undefined, ...defaults, history: 5, schedule });
    expect(source.channelCalls).toBe(0);
    expect(source.stateSubscribes).toBe(0);
    expect(observer.getServerSnapshot()).toBe(observer.getServerSnapshot());
    expect(observer.getServerSnapshot()).toEqual({ history: [], state: 'connected', status: 'idle' });
  });

  it('ignores messages from a channel it has left', async () => {
    const source = createFakeChannelSource();
    const observer = channelStore<number>({ client: source, name: '/a', event: undefined, ...defaults, history: 5, schedule });
    const unsubscribe = observer.subscribe(() => {});
    source.fake<number>('/a').emit(1);
    observer.setOptions({ client: source, name: '/b', event: undefined, ...defaults, history: 5, schedule });
    source.fake<number>('/b').emit(2);
    await microtasks();
    expect(observer.getSnapshot().history.map((m) => m.data)).toEqual([2]);
    unsubscribe();
    expect(source.fake('/a').observers).toBe(0);
    expect(source.fake('/b').observers).toBe(0);
  });

  it('keeps history across an unsubscribe/subscribe (StrictMode) and does not notify without a change', async () => {
    const source = createFakeChannelSource();
    const observer = channelStore<number>({ client: source, name: '/a', event: undefined, ...defaults, history: 5, schedule });
    let unsubscribe = observer.subscribe(() => {});
    source.fake<number>('/a').emit(1);
    await microtasks();
    unsubscribe();
    const before = observer.getSnapshot();
    let notified = 0;
    unsubscribe = observer.subscribe(() => notified++);
    await microtasks();
    expect(observer.getSnapshot()).toBe(before);
    expect(notified).toBe(0);
    unsubscribe();
  });

  it('with a slower scheduler, coalesces messages from separate tasks and keeps the right last N', async () => {
    const source = createFakeChannelSource();
    const queued: (() => void)[] = [];
    const observer = channelStore<number>({
      client: source,
      name: '/a',
      event: undefined, ...defaults,
      history: 3,
      schedule: (flush) => queued.push(flush),
    });
    let notified = 0;
    const unsubscribe = observer.subscribe(() => notified++);
    queued.splice(0).forEach((f) => f());
    notified = 0;
    const ch = source.fake<number>('/a');
    for (let i = 1; i <= 1000; i++) {
      ch.emit(i);
      await microtasks();
    }
    expect(notified).toBe(0);
    expect(queued).toHaveLength(1);
    queued.splice(0).forEach((f) => f());
    expect(notified).toBe(1);
    expect(observer.getSnapshot().history.map((m) => m.data)).toEqual([998, 999, 1000]);
    expect(observer.getSnapshot().latest?.data).toBe(1000);
    unsubscribe();
  });
});
