// @vitest-environment jsdom
import { StrictMode, useState } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelSource } from '@rxwire/core';
import { RxWireProvider } from './RxWireProvider.js';
import { useChannel, type UseChannelOptions } from './useChannel.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import { createFakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

interface Seen {
  renders: number;
}

function Feed({ name, options, seen }: { name: string; options?: UseChannelOptions; seen?: Seen }) {
  const { latest, history, state, error } = useChannel<number>(name, options);
  if (seen) seen.renders++;
  return (
    <div>
      <span data-testid="latest">{latest === undefined ? 'none' : String(latest.data)}</span>
      <span data-testid="history">{history.map((m) => m.data).join(',')}</span>
      <span data-testid="state">{state}</span>
      <span data-testid="error">{error?.message ?? ''}</span>
    </div>
  );
}

// jsdom defines requestAnimationFrame, so the default would render at its frames: these tests render
// what each act() delivered in its microtasks instead (the frame-rate default: frameRendering.test.tsx).
function withClient(client: ChannelSource, children: React.ReactNode, strict = false) {
  const tree = (
    <RxWireProvider client={client} schedule={microtaskScheduler}>
      {children}
    </RxWireProvider>
  );
  return strict ? <StrictMode>{tree}</StrictMode> : tree;
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('useChannel', () => {
  it('starts from the client state with no messages, then shows latest and the last N in order', async () => {
    const source = createFakeChannelSource({ state: 'connecting' });
    render(withClient(source, <Feed name="/a" options={{ history: 3 }} />));
    expect(text('latest')).toBe('none');
    expect(text('history')).toBe('');
    expect(text('state')).toBe('connecting');
    const ch = source.fake<number>('/a');
    await act(async () => {
      for (const n of [1, 2, 3, 4, 5]) ch.emit(n);
    });
    expect(text('latest')).toBe('5');
    expect(text('history')).toBe('3,4,5');
    await act(async () => ch.emit(6));
    expect(text('history')).toBe('4,5,6');
  });

  it('keeps no history by default', async () => {
    const source = createFakeChannelSource();
    render(withClient(source, <Feed name="/a" />));
    await act(async () => {
      source.fake<number>('/a').emit(1);
      source.fake<number>('/a').emit(2);
    });
    expect(text('latest')).toBe('2');
    expect(text('history')).toBe('');
  });

  it('follows the connection state', async () => {
    const source = createFakeChannelSource();
    render(withClient(source, <Feed name="/a" />));
    expect(text('state')).toBe('idle');
    await act(async () => source.setState('connected'));
    expect(text('state')).toBe('connected');
    await act(async () => source.setState('reconnecting'));
    expect(text('state')).toBe('reconnecting');
  });

  it('picks up a state change between render and subscribe even if state$ does not replay', async () => {
    const source = createFakeChannelSource({ replayState: false });
    function Changer() {
      // Runs during render, before the hooks subscribe in their effects.
      if (source.state === 'idle') source.setState('connected');
      return null;
    }
    render(withClient(source, <><Feed name="/a" /><Changer /></>));
    await act(async () => {});
    expect(text('state')).toBe('connected');
  });

  it('StrictMode mount/unmount/mount makes one wire subscribe; unmount releases after the grace period', async () => {
    const source = createFakeChannelSource({ graceMs: 100 });
    const view = render(withClient(source, <Feed name="/a" />, true));
    await act(async () => {});
    const ch = source.fake('/a');
    // StrictMode really subscribed twice to messages$...
    expect(ch.subscribeCalls).toBe(2);
    // ...but the wire saw one subscribe.
    expect(ch.wireSubscribes).toBe(1);
    expect(ch.wireUnsubscribes).toBe(0);
    expect(ch.observers).toBe(1);
    source.clock.advance(1_000);
    expect(ch.wireUnsubscribes).toBe(0);
    view.unmount();
    expect(ch.observers).toBe(0);
    expect(ch.wireUnsubscribes).toBe(0);
    source.clock.advance(100);
    expect(ch.wireUnsubscribes).toBe(1);
    expect(ch.wireSubscribes).toBe(1);
  });

  it('without a grace period StrictMode would subscribe twice (the test above can fail)', async () => {
    const source = createFakeChannelSource({ graceMs: 0 });
    render(withClient(source, <Feed name="/a" />, true));
    await act(async () => {});
    expect(source.fake('/a').wireSubscribes).toBe(2);
  });

  it('delivers messages once under StrictMode', async () => {
    const source = createFakeChannelSource();
    render(withClient(source, <Feed name="/a" options={{ history: 10 }} />, true));
    await act(async () => {
      source.fake<number>('/a').emit(1);
      source.fake<number>('/a').emit(2);
    });
    expect(text('history')).toBe('1,2');
  });

  it('many components on one channel share one wire subscription', async () => {
    const source = createFakeChannelSource();
    const ids = Array.from({ length: 25 }, (_, i) => i);
    const view = render(
      withClient(
        source,
        ids.map((i) => <Feed key={i} name="/shared" />),
        true,
      ),
    );
    await act(async () => {});
    const ch = source.fake<number>('/shared');
    expect(ch.observers).toBe(25);
    expect(ch.wireSubscribes).toBe(1);
    await act(async () => ch.emit(7));
    expect(screen.getAllByTestId('latest').map((e) => e.textContent)).toEqual(ids.map(() => '7'));
    view.unmount();
    source.clock.advance(100);
    expect(ch.wireUnsubscribes).toBe(1);
    expect(source.totalWireSubscribes).toBe(1);
  });

  it('a synchronous burst of 1000 messages renders a bounded number of times, in order, keeping the last N', async () => {
    const source = createFakeChannelSource();
    const seen = { renders: 0 };
    render(withClient(source, <Feed name="/burst" options={{ history: 50 }} seen={seen} />));
    await act(async () => {});
    const before = seen.renders;
    const ch = source.fake<number>('/burst');
    // Outside act, so React schedules renders as it would in an app.
    const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    env.IS_REACT_ACT_ENVIRONMENT = false;
    try {
      for (let i = 1; i <= 1000; i++) ch.emit(i);
      await waitFor(() => expect(text('latest')).toBe('1000'));
    } finally {
      env.IS_REACT_ACT_ENVIRONMENT = true;
    }
    expect(seen.renders - before).toBeGreaterThanOrEqual(1);
    expect(seen.renders - before).toBeLessThanOrEqual(3);
    expect(text('history')).toBe(Array.from({ length: 50 }, (_, i) => 951 + i).join(','));
  });

  it("uses the provider's scheduler: messages from separate tasks render once per flush", async () => {
    const source = createFakeChannelSource();
    const queued: (() => void)[] = [];
    const seen = { renders: 0 };
    render(
      <RxWireProvider client={source} schedule={(flush) => queued.push(flush)}>
        <Feed name="/frames" options={{ history: 4 }} seen={seen} />
      </RxWireProvider>,
    );
    await act(async () => queued.splice(0).forEach((f) => f()));
    const before = seen.renders;
    const ch = source.fake<number>('/frames');
    for (let i = 1; i <= 100; i++) {
      await act(async () => ch.emit(i));
    }
    expect(seen.renders).toBe(before);
    expect(text('latest')).toBe('none');
    await act(async () => queued.splice(0).forEach((f) => f()));
    expect(seen.renders).toBe(before + 1);
    expect(text('history')).toBe('97,98,99,100');
  });

  it('applies consecutive bursts in order', async () => {
    const source = createFakeChannelSource();
    render(withClient(source, <Feed name="/b" options={{ history: 8 }} />));
    const ch = source.fake<number>('/b');
    await act(async () => {
      for (let i = 1; i <= 5; i++) ch.emit(i);
    });
    expect(text('history')).toBe('1,2,3,4,5');
    await act(async () => {
      for (let i = 6; i <= 10; i++) ch.emit(i);
    });
    expect(text('history')).toBe('3,4,5,6,7,8,9,10');
  });

  it('shows a stream error and keeps what it had', async () => {
    const source = createFakeChannelSource();
    render(withClient(source, <Feed name="/e" options={{ history: 5 }} />));
    const ch = source.fake<number>('/e');
    await act(async () => {
      ch.emit(1);
      ch.fail(new Error('subscribe denied'));
    });
    expect(text('error')).toBe('subscribe denied');
    expect(text('latest')).toBe('1');
    expect(ch.observers).toBe(0);
  });

  it('switches channel on a name change: fresh result at once, old channel released, new one subscribed', async () => {
    const source = createFakeChannelSource();
    let setName: (name: string) => void = () => {};
    function Switcher() {
      const [name, set] = useState('/one');
      setName = set;
      return <Feed name={name} options={{ history: 5 }} />;
    }
    render(withClient(source, <Switcher />));
    await act(async () => source.fake<number>('/one').emit(1));
    expect(text('history')).toBe('1');
    await act(async () => setName('/two'));
    expect(text('history')).toBe('');
    expect(text('latest')).toBe('none');
    expect(source.fake('/one').observers).toBe(0);
    expect(source.fake('/two').observers).toBe(1);
    await act(async () => {
      source.fake<number>('/one').emit(99);
      source.fake<number>('/two').emit(2);
    });
    expect(text('history')).toBe('2');
  });

  it('keeps event channels apart and trims history when the option shrinks', async () => {
    const source = createFakeChannelSource();
    let setHistory: (n: number) => void = () => {};
    function Holder() {
      const [history, set] = useState(4);
      setHistory = set;
      return <Feed name="/ev" options={{ history, event: 'tick' }} />;
    }
    render(withClient(source, <Holder />));
    await act(async () => {
      for (let i = 1; i <= 4; i++) source.fake<number>('/ev', 'tick').emit(i);
      source.fake<number>('/ev', 'other').emit(100);
    });
    expect(text('history')).toBe('1,2,3,4');
    await act(async () => setHistory(2));
    expect(text('history')).toBe('3,4');
  });

  it('shows a channel() that throws (a protocol without channels) as the error', async () => {
    const source = createFakeChannelSource();
    const noChannels: ChannelSource = {
      get state() {
        return source.state;
      },
      state$: source.state$,
      channel: () => {
        throw new Error('channel() is not available with the aiorest-ws protocol');
      },
    };
    render(withClient(noChannels, <Feed name="/x" />));
    await act(async () => {});
    expect(text('error')).toBe('channel() is not available with the aiorest-ws protocol');
    expect(text('state')).toBe('idle');
  });

  it('takes the client option over the provider', async () => {
    const outer = createFakeChannelSource();
    const inner = createFakeChannelSource();
    render(withClient(outer, <Feed name="/c" options={{ client: inner }} />));
    await act(async () => inner.fake<number>('/c').emit(3));
    expect(text('latest')).toBe('3');
    expect(outer.channelCalls).toBe(0);
  });

  it('throws NO_CLIENT without a provider or client', () => {
    // React reports the render error through window's error event (React 19) or console.error with
    // its stack (React 18); the test asserts the throw, so keep both out of the test output.
    const onError = (e: ErrorEvent) => e.preventDefault();
    window.addEventListener('error', onError);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => render(<Feed name="/x" />)).toThrow(/RxWireProvider/);
    } finally {
      window.removeEventListener('error', onError);
      consoleError.mockRestore();
    }
  });
});
