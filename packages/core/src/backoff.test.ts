import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveReconnect } from './backoff.js';

const policy = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };

describe('backoffDelay', () => {
  it('picks uniformly below an exponentially growing cap (full jitter)', () => {
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(99);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
  });

  it('never exceeds maxDelayMs however many attempts failed', () => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const delay = backoffDelay(attempt, policy, () => 0.999999);
      expect(delay).toBeLessThan(1000);
      expect(delay).toBeGreaterThanOrEqual(0);
    }
  });

  it('can be zero, so a restarted server is retried at once by some clients', () => {
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
  });

  it('stays within bounds for random jitter', () => {
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(i % 8, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** (i % 8)));
    }
  });
});

describe('resolveReconnect', () => {
  it('is off for false and has defaults otherwise', () => {
    expect(resolveReconnect(false)).toBeUndefined();
    expect(resolveReconnect(undefined)).toEqual({
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      factor: 2,
      maxAttempts: Infinity,
      stableAfterMs: 5_000,
    });
    expect(resolveReconnect({ maxAttempts: 3 })?.maxAttempts).toBe(3);
  });
});
