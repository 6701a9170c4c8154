import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../testing/virtualClock.js';
import { JobTimer } from './jobTimer.js';

describe('JobTimer', () => {
  it('runs once after the delay, and says whether a run is pending', () => {
    const clock = new VirtualClock();
    const timer = new JobTimer(clock);
    let runs = 0;
    timer.start(100, () => runs++);
    expect(timer.running).toBe(true);
    clock.advance(99);
    expect(runs).toBe(0);
    clock.advance(1);
    expect(runs).toBe(1);
    expect(timer.running).toBe(false);
    clock.advance(1000);
    expect(runs).toBe(1);
  });

  it('a new start replaces the pending run; stop cancels it and can be repeated', () => {
    const clock = new VirtualClock();
    const timer = new JobTimer(clock);
    const ran: string[] = [];
    timer.start(100, () => ran.push('first'));
    timer.start(50, () => ran.push('second'));
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1000);
    expect(ran).toEqual(['second']);
    timer.start(100, () => ran.push('third'));
    timer.stop();
    timer.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(1000);
    expect(ran).toEqual(['second']);
  });
});
