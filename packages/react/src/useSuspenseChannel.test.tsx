// @vitest-environment jsdom
import { Component, StrictMode, Suspense, type ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RxwireError } from '@rxwire/core';
import { RxWireProvider } from './RxWireProvider.js';
import { useSuspenseChannel } from './useSuspenseChannel.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import { createFakeChannelSource, type FakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    return error ? <p data-testid="boundary">{(error as RxwireError).code ?? error.message}</p> : this.props.children;
  }
}

function Price({ onMessage }: { onMessage?: (n: number) => void }) {
  const { data, history } = useSuspenseChannel<number>('/price', {
    history: 10,
    ...(onMessage ? { onMessage: (m) => onMessage(m.data) } : {}),
  });
  return (
    <p data-testid="price">
      {data}|{history.map((m) => m.data).join(',')}
    </p>
  );
}

function app(source: FakeChannelSource, children: ReactNode) {
  return (
    <StrictMode>
      <RxWireProvider client={source} schedule={microtaskScheduler}>
        <Boundary>
          <Suspense fallback={<p data-testid="fallback">waiting</p>}>{children}</Suspense>
        </Boundary>
      </RxWireProvider>
    </StrictMode>
  );
}

// Suppress React's report of the error caught by the boundary (React 18 also rethrows it to
// jsdom's window, which reports it unless prevented).
const quietly = () => {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  const prevent = (event: ErrorEvent) => event.preventDefault();
  window.addEventListener('error', prevent);
  return {
    mockRestore() {
      spy.mockRestore();
      window.removeEventListener('error', prevent);
    },
  };
};

describe('useSuspenseChannel', () => {
  it('shows the fallback until the first message, then the data, with one wire subscribe under StrictMode', async () => {
    const source = createFakeChannelSource({ graceMs: 100 });
    const seen: number[] = [];
    render(app(source, <Price onMessage={(n) => seen.push(n)} />));
    await act(async () => {});
    expect(screen.getByTestId('fallback').textContent).toBe('waiting');
    const ch = source.fake<number>('/price');
    await act(async () => ch.emit(1));
    expect(screen.getByTestId('price').textContent).toBe('1|1');
    await act(async () => ch.emit(2));
    expect(screen.getByTestId('price').textContent).toBe('2|1,2');
    expect(seen).toEqual([1, 2]);
    expect(ch.wireSubscribes).toBe(1);
    expect(ch.wireUnsubscribes).toBe(0);
  });

  it('throws a denied subscribe to the error boundary', async () => {
    const spy = quietly();
    const source = createFakeChannelSource();
    render(app(source, <Price />));
    await act(async () => {});
    await act(async () => source.fake<number>('/price').fail(new RxwireError('SUBSCRIBE_DENIED', 'denied')));
    expect(screen.getByTestId('boundary').textContent).toBe('SUBSCRIBE_DENIED');
    spy.mockRestore();
  });

  it('throws a stream that fails after the first message to the error boundary', async () => {
    const spy = quietly();
    const source = createFakeChannelSource();
    render(app(source, <Price />));
    await act(async () => {});
    const ch = source.fake<number>('/price');
    await act(async () => ch.emit(1));
    await act(async () => ch.fail(new RxwireError('TRANSPORT_TIMEOUT', 'gone')));
    expect(screen.getByTestId('boundary').textContent).toBe('TRANSPORT_TIMEOUT');
    spy.mockRestore();
  });

  it('folds the messages that came while suspended and after, each once, on one subscription', async () => {
    const source = createFakeChannelSource();
    const seen: number[] = [];
    function Sum() {
      const { data } = useSuspenseChannel<number, number>('/sum', {
        reduce: (acc, m) => acc + m.data,
        initial: 0,
        onMessage: (m) => seen.push(m.data),
      });
      return <p data-testid="sum">{data}</p>;
    }
    render(app(source, <Sum />));
    await act(async () => {});
    const ch = source.fake<number>('/sum');
    await act(async () => {
      ch.emit(1);
      ch.emit(2);
    });
    expect(screen.getByTestId('sum').textContent).toBe('3');
    await act(async () => ch.emit(3));
    expect(screen.getByTestId('sum').textContent).toBe('6');
    expect(seen).toEqual([1, 2, 3]);
    expect(ch.wireSubscribes).toBe(1);
  });

  it('suspends again on another name, then shows the new channel', async () => {
    const source = createFakeChannelSource();
    function Named({ name }: { name: string }) {
      const { data } = useSuspenseChannel<number>(name);
      return <p data-testid="named">{data}</p>;
    }
    const view = render(app(source, <Named name="/x" />));
    await act(async () => {});
    await act(async () => source.fake<number>('/x').emit(1));
    expect(screen.getByTestId('named').textContent).toBe('1');
    view.rerender(app(source, <Named name="/y" />));
    await act(async () => {});
    expect(screen.getByTestId('fallback')).toBeTruthy();
    await act(async () => source.fake<number>('/y').emit(2));
    expect(screen.getByTestId('named').textContent).toBe('2');
    source.clock.advance(1_000);
    expect(source.fake('/x').observers).toBe(0);
    expect(source.fake('/y').wireSubscribes).toBe(1);
  });

  it('after a denied subscribe, a later mount subscribes again', async () => {
    vi.useFakeTimers();
    const spy = quietly();
    const source = createFakeChannelSource();
    const first = render(app(source, <Price />));
    await act(async () => {});
    await act(async () => source.fake<number>('/price').fail(new RxwireError('SUBSCRIBE_DENIED', 'denied')));
    expect(screen.getByTestId('boundary').textContent).toBe('SUBSCRIBE_DENIED');
    first.unmount();
    // The failure is kept a second, so that every render that follows it sees it (not a new subscribe).
    await act(async () => vi.advanceTimersByTime(1_000));
    render(app(source, <Price />));
    await act(async () => {});
    expect(screen.getByTestId('fallback')).toBeTruthy();
    await act(async () => source.fake<number>('/price').emit(7));
    expect(screen.getByTestId('price').textContent).toBe('7|7');
    spy.mockRestore();
  });

  it('releases the subscription of a suspended tree that never mounts', async () => {
    vi.useFakeTimers();
    const source = createFakeChannelSource({ graceMs: 0 });
    const view = render(app(source, <Price />));
    await act(async () => {});
    const ch = source.fake<number>('/price');
    expect(ch.observers).toBe(1);
    view.unmount();
    expect(ch.observers).toBe(1);
    await act(async () => vi.advanceTimersByTime(30_000));
    expect(ch.observers).toBe(0);
    expect(ch.wireUnsubscribes).toBe(1);
  });
});
