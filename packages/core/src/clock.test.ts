import { afterEach, describe, expect, it, vi } from 'vitest';
import { clampDelay, MAX_TIMER_DELAY_MS, systemClock } from './clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('clampDelay', () => {
  it('keeps delays timers can hold and clamps the rest', () => {
    expect(clampDelay(1500)).toBe(1500);
    expect(clampDelay(1e12)).toBe(MAX_TIMER_DELAY_MS);
    expect(clampDelay(Infinity)).toBe(MAX_TIMER_DELAY_MS);
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(Number.NaN)).toBe(0);
  });
});

describe('systemClock', () => {
  it('waits out a huge delay instead of firing at once (Node fires overflowing timers after 1 ms)', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    systemClock.setTimeout(fired, 1e12);
    vi.advanceTimersByTime(60_000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
