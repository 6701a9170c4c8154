// @vitest-environment jsdom
// The default scheduler (frameScheduler) under a requestAnimationFrame the test drives: messages
// that arrive in separate tasks (here: separate act() calls, each flushed by React as a task would
// be) commit once per frame per component, and the frame shows the state after the last message.
import { StrictMode, useLayoutEffect, type ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RxWireProvider } from './RxWireProvider.js';
import { useChannel } from './useChannel.js';
import { useObservable } from './useObservable.js';
import { createFakeChannelSource, type FakeChannelSource } from './testing/fakeChannelSource.js';
import { installFakeAnimationFrames, type FakeAnimationFrames } from './testing/fakeAnimationFrames.js';

/** Counts commits the way the Chromium test does: a layout effect that runs on every commit. */
function useCommitCounter(commits: { count: number }) {
  useLayoutEffect(() => {
    commits.count++;
  });
}

function Feed({ commits, history = 3 }: { commits: { count: number }; history?: number }) {
  const { latest, history: last } = useChannel<number>('/feed', { history });
  useCommitCounter(commits);
  return (
    <>
      <span data-testid="latest">{latest === undefined ? 'none' : String(latest.data)}</span>
      <span data-testid="history">{last.map((m) => m.data).join(',')}</span>
    </>
  );
}

function Value({ source, commits }: { source: Subject<number>; commits: { count: number } }) {
  const value = useObservable(source, 0);
  useCommitCounter(commits);
  return <span data-testid="value">{value}</span>;
}

const text = (id: string) => screen.getByTestId(id).textContent;

let frames: FakeAnimationFrames;
let source: FakeChannelSource;
const mount = (children: ReactNode, strict = false) => {
  const tree = <RxWireProvider client={source}>{children}</RxWireProvider>;
  return render(strict ? <StrictMode>{tree}</StrictMode> : tree);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  frames = installFakeAnimationFrames();
  source = createFakeChannelSource();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('rendering at frame rate (the default scheduler)', () => {
  it('useChannel: 1000 messages in 1000 tasks commit once, at the frame, with the last message and the last N', async () => {
    const commits = { count: 0 };
    mount(<Feed commits={commits} />);
    await act(async () => {});
    const before = commits.count;
    const ch = source.fake<number>('/feed');
    for (let i = 1; i <= 1000; i++) await act(async () => ch.emit(i));
    expect(commits.count).toBe(before);
    expect(text('latest')).toBe('none');
    await act(async () => frames.runFrame());
    expect(commits.count).toBe(before + 1);
    expect(text('latest')).toBe('1000');
    expect(text('history')).toBe('998,999,1000');
  });

  it('useChannel: one commit per frame while messages keep coming, each frame showing the state so far', async () => {
    const commits = { count: 0 };
    mount(<Feed commits={commits} history={5} />, true);
    await act(async () => {});
    const before = commits.count;
    const ch = source.fake<number>('/feed');
    let sent = 0;
    for (let frame = 1; frame <= 10; frame++) {
      for (let i = 0; i < 50; i++) await act(async () => ch.emit(++sent));
      await act(async () => frames.runFrame());
      expect(text('latest')).toBe(String(sent));
    }
    // StrictMode renders twice but commits once.
    expect(commits.count - before).toBe(10);
    expect(text('history')).toBe('496,497,498,499,500');
  });

  it('useChannel in a hidden page (no frame runs): folds without rendering, then renders once on the slow timer', async () => {
    const commits = { count: 0 };
    mount(<Feed commits={commits} history={3} />);
    await act(async () => {});
    const before = commits.count;
    const ch = source.fake<number>('/feed');
    await act(async () => {
      for (let i = 1; i <= 100_000; i++) ch.emit(i);
    });
    await act(async () => vi.advanceTimersByTime(999));
    expect(commits.count).toBe(before);
    await act(async () => vi.advanceTimersByTime(1));
    expect(commits.count).toBe(before + 1);
    expect(text('latest')).toBe('100000');
    expect(text('history')).toBe('99998,99999,100000');
    expect(frames.waiting).toBe(0);
  });

  it('useObservable: values in separate tasks commit once per frame, the last one shown', async () => {
    const commits = { count: 0 };
    const values = new Subject<number>();
    mount(<Value source={values} commits={commits} />);
    await act(async () => {});
    const before = commits.count;
    for (let i = 1; i <= 300; i++) await act(async () => values.next(i));
    expect(commits.count).toBe(before);
    expect(text('value')).toBe('0');
    await act(async () => frames.runFrame());
    expect(commits.count).toBe(before + 1);
    expect(text('value')).toBe('300');
  });

  it('shows a state that changed between render and subscribe at once, not a frame later', async () => {
    source = createFakeChannelSource({ replayState: false });
    function Changer() {
      // Runs during render, before the hooks subscribe in their effects.
      if (source.state === 'idle') source.setState('connected');
      return null;
    }
    function State() {
      return <span data-testid="state">{useChannel('/feed').state}</span>;
    }
    mount(
      <>
        <State />
        <Changer />
      </>,
    );
    await act(async () => {});
    // No frame has run.
    expect(text('state')).toBe('connected');
  });
});
