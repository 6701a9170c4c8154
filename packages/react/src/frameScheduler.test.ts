import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameScheduler } from './frameScheduler.js';
import { installFakeAnimationFrames } from './testing/fakeAnimationFrames.js';

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('frameScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('without requestAnimationFrame (Node, SSR) flushes in a microtask, with no timer', async () => {
    expect(typeof requestAnimationFrame).toBe('undefined');
    const flush = vi.fn();
    frameScheduler(flush);
    expect(flush).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await microtasks();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('flushes at the next animation frame, once, and cancels its fallback timer', async () => {
    const frames = installFakeAnimationFrames();
    const flush = vi.fn();
    frameScheduler(flush);
    await microtasks();
    vi.advanceTimersByTime(500);
    expect(flush).not.toHaveBeenCalled();
    expect(frames.waiting).toBe(1);
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('in a hidden page (no frame runs) flushes on the slow timer, once, and cancels the frame', () => {
    const frames = installFakeAnimationFrames();
    const flush = vi.fn();
    frameScheduler(flush);
    vi.advanceTimersByTime(999);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(frames.waiting).toBe(0);
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
