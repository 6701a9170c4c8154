import { describe, expect, it } from 'vitest';
import type { RxwireError } from '../errors.js';
import { VirtualClock } from '../testing/virtualClock.js';
import { BackoffSchedule } from './backoffSchedule.js';

// The retry rules themselves are tested through RetrySchedule (retrySchedule.test.ts), which extends
// this class; here, what the schedule does alone, as core's WebSocket connection uses it.
describe('BackoffSchedule alone', () => {
  it('retries with backoff, times out one attempt, and gives up after maxAttempts', () => {
    const clock = new VirtualClock();
    const seen = { attempts: 0, timeouts: 0, gaveUp: undefined as RxwireError | undefined };
    const schedule = new BackoffSchedule({
      reconnect: { initialDelayMs: 100, maxAttempts: 2 },
      connectTimeoutMs: 1000,
      clock,
      random: () => 0.5,
      onAttemptTimeout: () => seen.timeouts++,
      onGiveUp: (error) => (seen.gaveUp = error),
    });
    const attempt = (): void => {
      seen.attempts++;
      schedule.attemptStarted();
    };
    schedule.start();
    attempt();
    clock.advance(1000);
    expect(seen.timeouts).toBe(1);
    schedule.retry(attempt);
    clock.advance(49);
    expect(seen.attempts).toBe(1);
    clock.advance(1);
    expect(seen.attempts).toBe(2);
    schedule.retry(attempt);
    clock.advance(100);
    expect(seen.attempts).toBe(3);
    schedule.retry(attempt);
    expect(seen.gaveUp).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(seen.gaveUp?.message).toMatch(/Gave up after 2 failed reconnect attempts/);
    // Ended: nothing more runs, and close() after the end changes nothing.
    schedule.retry(attempt);
    schedule.close();
    clock.advance(10_000);
    expect(seen.attempts).toBe(3);
  });

  it('has no overall deadline: it keeps trying however long it takes', () => {
    const clock = new VirtualClock();
    let gaveUp = false;
    const schedule = new BackoffSchedule({ reconnect: { maxAttempts: Infinity, maxDelayMs: 1000 }, clock, random: () => 0.5, onGiveUp: () => (gaveUp = true) });
    let attempts = 0;
    schedule.start();
    for (let i = 0; i < 50; i++) {
      schedule.retry(() => attempts++);
      clock.advance(1000);
    }
    expect(attempts).toBe(50);
    expect(gaveUp).toBe(false);
    schedule.close();
  });
});
