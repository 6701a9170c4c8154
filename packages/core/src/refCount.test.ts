import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefCount } from './refCount.js';

describe('RefCount', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function make(graceMs = 100) {
    const calls: string[] = [];
    const refs = new RefCount({ onFirst: () => calls.push('first'), onLast: () => calls.push('last'), graceMs });
    return { refs, calls };
  }

  it('calls onFirst once for many holders and onLast after the grace period', () => {
    const { refs, calls } = make();
    const a = refs.acquire();
    const b = refs.acquire();
    expect(calls).toEqual(['first']);
    a();
    b();
    b();
    expect(refs.size).toBe(0);
    vi.advanceTimersByTime(99);
    expect(calls).toEqual(['first']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['first', 'last']);
    expect(refs.isActive).toBe(false);
  });

  it('a release followed by an acquire within the grace period does not churn (StrictMode)', () => {
    const { refs, calls } = make();
    refs.acquire()();
    vi.advanceTimersByTime(50);
    const again = refs.acquire();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(['first']);
    again();
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['first', 'last']);
    refs.acquire();
    expect(calls).toEqual(['first', 'last', 'first']);
  });

  it('flush() runs a pending release at once and leaves no timer', () => {
    const { refs, calls } = make();
    refs.acquire()();
    refs.flush();
    expect(calls).toEqual(['first', 'last']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('releases synchronously with a zero grace period', () => {
    const { refs, calls } = make(0);
    refs.acquire()();
    expect(calls).toEqual(['first', 'last']);
  });
});
