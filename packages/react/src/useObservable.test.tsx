// @vitest-environment jsdom
import { Component, StrictMode, useState, type ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useObservable } from './useObservable.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import { RxWireProvider } from './RxWireProvider.js';
import { createFakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

function Shown({ source, initial }: { source: Observable<string>; initial: string }) {
  return <span data-testid="value">{useObservable(source, initial)}</span>;
}

// jsdom defines requestAnimationFrame, so the default would render at its frames: these tests render
// what each act() delivered in its microtasks instead (the frame-rate default is tested in
// frameRendering.test.tsx).
function Value({ source, initial = 'init' }: { source: Observable<string>; initial?: string }) {
  const [client] = useState(() => createFakeChannelSource());
  return (
    <RxWireProvider client={client} schedule={microtaskScheduler}>
      <Shown source={source} initial={initial} />
    </RxWireProvider>
  );
}

class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <span data-testid="value">caught: {this.state.error.message}</span> : this.props.children;
  }
}

function counted<T>(inner: Observable<T>) {
  const stats = { subscribes: 0, active: 0 };
  const source = new Observable<T>((subscriber) => {
    stats.subscribes++;
    stats.active++;
    const s = inner.subscribe(subscriber);
    return () => {
      stats.active--;
      s.unsubscribe();
    };
  });
  return { source, stats };
}

const text = () => screen.getByTestId('value').textContent;

describe('useObservable', () => {
  it('shows the initial value, then each emission; unsubscribes on unmount', async () => {
    const subject = new Subject<string>();
    const { source, stats } = counted(subject);
    const view = render(<Value source={source} />);
    expect(text()).toBe('init');
    await act(async () => subject.next('a'));
    expect(text()).toBe('a');
    await act(async () => subject.next('b'));
    expect(text()).toBe('b');
    expect(stats.active).toBe(1);
    view.unmount();
    expect(stats.active).toBe(0);
  });

  it('takes a synchronous first value (BehaviorSubject) on mount', async () => {
    render(<Value source={new BehaviorSubject('now')} />);
    await act(async () => {});
    expect(text()).toBe('now');
  });

  it('ends with one subscription under StrictMode', async () => {
    const { source, stats } = counted(new BehaviorSubject('x'));
    render(
      <StrictMode>
        <Value source={source} />
      </StrictMode>,
    );
    await act(async () => {});
    expect(stats.active).toBe(1);
    expect(text()).toBe('x');
  });

  it('switches to a new observable, keeping the value until it emits', async () => {
    const one = new Subject<string>();
    const two = new Subject<string>();
    let setSource: (s: Observable<string>) => void = () => {};
    function Holder() {
      const [source, set] = useState<Observable<string>>(one);
      setSource = set;
      return <Value source={source} />;
    }
    render(<Holder />);
    await act(async () => one.next('1'));
    await act(async () => setSource(two));
    expect(text()).toBe('1');
    expect(one.observed).toBe(false);
    await act(async () => {
      one.next('stale');
      two.next('2');
    });
    expect(text()).toBe('2');
  });

  it('throws an error of the observable to the nearest error boundary', async () => {
    const subject = new Subject<string>();
    const onError = (e: ErrorEvent) => e.preventDefault();
    window.addEventListener('error', onError);
    // React logs errors caught by a boundary; the test checks the boundary instead.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      render(
        <Boundary>
          <Value source={subject} />
        </Boundary>,
      );
      await act(async () => subject.error(new Error('boom')));
      expect(text()).toBe('caught: boom');
    } finally {
      logged.mockRestore();
      window.removeEventListener('error', onError);
    }
  });
});
