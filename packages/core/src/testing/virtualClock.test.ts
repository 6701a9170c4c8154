import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtualClock.js';

describe('VirtualClock', () => {
  it('runs due timers in time order, ties in the order they were set, and moves now()', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 20);
    clock.advance(15);
    expect(log).toEqual(['a@10']);
    expect(clock.now()).toBe(15);
    clock.advance(5);
    expect(log).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('runs timers set by timers when they fall within the advance, and honours clearTimeout', () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    const cancelled = clock.setTimeout(() => log.push(-1), 5);
    clock.setTimeout(() => {
      log.push(clock.now());
      clock.setTimeout(() => log.push(clock.now()), 10);
    }, 10);
    clock.clearTimeout(cancelled);
    clock.advance(100);
    expect(log).toEqual([10, 20]);
    expect(clock.pendingTimers).toBe(0);
  });
});
