// @vitest-environment jsdom
// Where the channel stands, on every path: from the channel's own status$ (core's SharedChannel)
// and, for channels without one, derived from subscribed$ and the client state.
import type { ReactNode } from 'react';
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RxwireError } from '@rxwire/core';
import { RxWireProvider } from './RxWireProvider.js';
import { useChannel, type UseChannelOptions } from './useChannel.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import { createFakeChannelSource, type FakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

function mount(source: FakeChannelSource, initial: { name: string | null; options?: UseChannelOptions<number> }) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <RxWireProvider client={source} schedule={microtaskScheduler}>
      {children}
    </RxWireProvider>
  );
  return renderHook(({ name, options }) => useChannel<number>(name, options), { wrapper, initialProps: initial });
}

describe('useChannel status, from the channel status$', () => {
  it('first subscribe: connecting, subscribing, live', async () => {
    const source = createFakeChannelSource({ channelStatus: true });
    const { result } = mount(source, { name: '/a' });
    const ch = source.fake<number>('/a');
    expect(result.current.status).toBe('idle');
    await act(async () => ch.setStatus('connecting'));
    expect(result.current.status).toBe('connecting');
    await act(async () => ch.setStatus('subscribing'));
    expect(result.current.status).toBe('subscribing');
    await act(async () => ch.setStatus('live'));
    expect(result.current.status).toBe('live');
    expect(result.current.continuity).toBeUndefined();
  });

  it('loss and resubscribe: reconnecting, then live with the continuity the channel reports', async () => {
    const source = createFakeChannelSource({ channelStatus: true });
    const { result } = mount(source, { name: '/a' });
    const ch = source.fake<number>('/a');
    await act(async () => ch.setStatus('live'));
    await act(async () => ch.setStatus('reconnecting'));
    expect(result.current.status).toBe('reconnecting');
    await act(async () => {
      ch.setStatus('live');
      ch.resume({ resumed: 'gap', lostAt: 10, resumedAt: 20 });
    });
    expect(result.current.status).toBe('live');
    expect(result.current.continuity).toEqual({ resumed: 'gap', lostAt: 10, resumedAt: 20 });
  });

  it('denied subscribe: status error and the error, which later status changes do not hide', async () => {
    const source = createFakeChannelSource({ channelStatus: true });
    const { result } = mount(source, { name: '/a' });
    const ch = source.fake<number>('/a');
    await act(async () => ch.setStatus('subscribing'));
    await act(async () => ch.fail(new RxwireError('SUBSCRIBE_DENIED', 'denied')));
    expect(result.current.status).toBe('error');
    expect((result.current.error as RxwireError).code).toBe('SUBSCRIBE_DENIED');
    await act(async () => ch.setStatus('idle'));
    expect(result.current.status).toBe('error');
  });

  it('enabled toggled: nothing subscribed and idle while disabled, subscribed again when enabled', async () => {
    const source = createFakeChannelSource({ channelStatus: true });
    const { result, rerender } = mount(source, { name: '/a', options: { enabled: false } });
    await act(async () => {});
    const ch = source.fake<number>('/a');
    expect(result.current.status).toBe('idle');
    expect(ch.subscribeCalls).toBe(0);
    expect(source.channelCalls).toBe(0);
    expect(source.stateSubscribes).toBe(0);
    rerender({ name: '/a', options: { enabled: true } });
    await act(async () => ch.setStatus('live'));
    expect(ch.wireSubscribes).toBe(1);
    expect(result.current.status).toBe('live');
    await act(async () => ch.emit(1));
    rerender({ name: '/a', options: { enabled: false } });
    await act(async () => {});
    expect(result.current.status).toBe('idle');
    expect(ch.observers).toBe(0);
    // What was received stays shown while disabled.
    expect(result.current.latest?.data).toBe(1);
    source.clock.advance(1_000);
    expect(ch.wireUnsubscribes).toBe(1);
  });

  it('a null name subscribes nothing and stays idle', async () => {
    const source = createFakeChannelSource({ channelStatus: true, state: 'connected' });
    const { result } = mount(source, { name: null });
    await act(async () => {});
    expect(result.current.status).toBe('idle');
    expect(result.current.state).toBe('connected');
    expect(source.channelCalls).toBe(0);
    expect(source.totalWireSubscribes).toBe(0);
  });

  it('name changed: the new channel starts idle and follows its own status', async () => {
    const source = createFakeChannelSource({ channelStatus: true });
    const { result, rerender } = mount(source, { name: '/one' });
    await act(async () => source.fake<number>('/one').setStatus('live'));
    rerender({ name: '/two' });
    expect(result.current.status).toBe('idle');
    await act(async () => source.fake<number>('/two').setStatus('subscribing'));
    expect(result.current.status).toBe('subscribing');
    await act(async () => source.fake<number>('/one').setStatus('reconnecting'));
    expect(result.current.status).toBe('subscribing');
  });
});

describe('useChannel status, derived where the channel has no status$', () => {
  it('first subscribe, loss, resubscribe and disconnect', async () => {
    const source = createFakeChannelSource({ state: 'idle' });
    const { result } = mount(source, { name: '/a' });
    const ch = source.fake<number>('/a');
    await act(async () => {});
    expect(result.current.status).toBe('connecting');
    await act(async () => source.setState('connected'));
    expect(result.current.status).toBe('subscribing');
    await act(async () => ch.setSubscribed(true));
    expect(result.current.status).toBe('live');
    // Loss: the link drops and the subscription with it.
    await act(async () => {
      ch.setSubscribed(false);
      source.setState('reconnecting');
    });
    expect(result.current.status).toBe('reconnecting');
    await act(async () => source.setState('connected'));
    expect(result.current.status).toBe('subscribing');
    await act(async () => ch.setSubscribed(true));
    expect(result.current.status).toBe('live');
    expect(result.current.continuity).toBeUndefined();
    await act(async () => {
      ch.setSubscribed(false);
      source.setState('closed');
    });
    expect(result.current.status).toBe('idle');
    expect(result.current.state).toBe('closed');
  });

  it('denied subscribe shows error', async () => {
    const source = createFakeChannelSource({ state: 'connected' });
    const { result } = mount(source, { name: '/a' });
    await act(async () => source.fake<number>('/a').fail(new RxwireError('SUBSCRIBE_DENIED', 'no')));
    expect(result.current.status).toBe('error');
    expect(result.current.error?.message).toBe('no');
  });
});
