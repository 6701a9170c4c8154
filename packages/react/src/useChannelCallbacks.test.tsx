// @vitest-environment jsdom
// select, reduce + initial, onMessage, reset and schema: what the app derives from the messages,
// without ever subscribing again when its callbacks change.
import { StrictMode, type ReactNode } from 'react';
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelMessage } from '@rxwire/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { RxWireProvider } from './RxWireProvider.js';
import { useChannel, type UseChannelOptions } from './useChannel.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import type { NotifyScheduler } from './types.js';
import { createFakeChannelSource, type FakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

function mount<D>(
  source: FakeChannelSource,
  options: UseChannelOptions<number, D>,
  { strict = false, schedule = microtaskScheduler }: { strict?: boolean; schedule?: NotifyScheduler } = {},
) {
  const wrapper = ({ children }: { children: ReactNode }) => {
    const tree = (
      <RxWireProvider client={source} schedule={schedule}>
        {children}
      </RxWireProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  return renderHook((props: UseChannelOptions<number, D>) => useChannel<number, D>('/a', props), { wrapper, initialProps: options });
}

describe('useChannel data', () => {
  it('is latest.data without select, and undefined (or initial) before the first message', async () => {
    const source = createFakeChannelSource();
    const { result } = mount(source, {});
    expect(result.current.data).toBeUndefined();
    await act(async () => source.fake<number>('/a').emit(4));
    expect(result.current.data).toBe(4);
    const other = createFakeChannelSource();
    expect(mount(other, { initial: 0 }).result.current.data).toBe(0);
  });

  it('select maps the latest message; a new select applies at once and does not resubscribe', async () => {
    const source = createFakeChannelSource();
    const { result, rerender } = mount<string>(source, { select: (m) => `#${m.data}` });
    const ch = source.fake<number>('/a');
    await act(async () => ch.emit(1));
    expect(result.current.data).toBe('#1');
    rerender({ select: (m) => `n=${m.data}` });
    expect(result.current.data).toBe('n=1');
    expect(ch.subscribeCalls).toBe(1);
    expect(source.channelCalls).toBe(1);
  });

  it('reduce folds every message in order, also those between two renders', async () => {
    const source = createFakeChannelSource();
    const frames: (() => void)[] = [];
    const { result } = mount<number[]>(source, { reduce: (acc, m) => [...acc, m.data], initial: [] }, { schedule: (f) => frames.push(f) });
    expect(result.current.data).toEqual([]);
    const ch = source.fake<number>('/a');
    await act(async () => {
      for (let i = 1; i <= 100; i++) ch.emit(i);
    });
    // Not rendered yet: one flush is waiting for its frame.
    expect(result.current.data).toEqual([]);
    await act(async () => frames.splice(0).forEach((f) => f()));
    expect(result.current.data).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('a changed reduce takes the next message, on the same subscription', async () => {
    const source = createFakeChannelSource();
    const { result, rerender } = mount<number>(source, { reduce: (acc, m) => acc + m.data, initial: 0 });
    const ch = source.fake<number>('/a');
    await act(async () => ch.emit(2));
    rerender({ reduce: (acc, m) => acc * m.data, initial: 0 });
    await act(async () => ch.emit(5));
    expect(result.current.data).toBe(10);
    expect(ch.subscribeCalls).toBe(1);
  });

  it('reset clears data, latest and history, and the fold starts again from initial', async () => {
    const source = createFakeChannelSource();
    const { result } = mount<number>(source, { reduce: (acc, m) => acc + m.data, initial: 0, history: 5 });
    const ch = source.fake<number>('/a');
    await act(async () => [1, 2, 3].forEach((n) => ch.emit(n)));
    expect(result.current.data).toBe(6);
    expect(result.current.history).toHaveLength(3);
    act(() => result.current.reset());
    expect(result.current.data).toBe(0);
    expect(result.current.latest).toBeUndefined();
    expect(result.current.history).toEqual([]);
    await act(async () => ch.emit(10));
    expect(result.current.data).toBe(10);
    expect(result.current.history.map((m) => m.data)).toEqual([10]);
  });
});

describe('useChannel onMessage', () => {
  it('is called once per message, in order, with the latest callback, never resubscribing', async () => {
    const source = createFakeChannelSource();
    const first: number[] = [];
    const second: number[] = [];
    const { rerender } = mount(source, { onMessage: (m: ChannelMessage<number>) => first.push(m.data) }, { strict: true });
    await act(async () => {});
    const ch = source.fake<number>('/a');
    await act(async () => [1, 2, 3].forEach((n) => ch.emit(n)));
    const subscribes = ch.subscribeCalls;
    rerender({ onMessage: (m: ChannelMessage<number>) => second.push(m.data) });
    await act(async () => ch.emit(4));
    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([4]);
    expect(ch.wireSubscribes).toBe(1);
    expect(ch.subscribeCalls).toBe(subscribes);
  });
});

describe('useChannel schema', () => {
  it('is passed to client.channel only when given, with the event', async () => {
    const schema: StandardSchemaV1<unknown, number> = {
      '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as number }) },
    };
    const source = createFakeChannelSource();
    mount(source, { schema, event: 'tick' });
    await act(async () => {});
    expect(source.fake('/a', 'tick').lastOptions).toEqual({ event: 'tick', schema });
    const plain = createFakeChannelSource();
    mount(plain, {});
    await act(async () => {});
    expect(plain.fake('/a').lastOptions).toBeUndefined();
  });
});
