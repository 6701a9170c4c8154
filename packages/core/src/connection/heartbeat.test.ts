import { describe, expect, it } from 'vitest';
import type { TransportTimeoutError } from '../errors.js';
import { VirtualClock } from '../testing/virtualClock.js';
import { Heartbeat } from './heartbeat.js';

function setup() {
  const clock = new VirtualClock();
  const record = { pings: 0, dead: [] as TransportTimeoutError[] };
  const heartbeat = new Heartbeat({
    clock,
    intervalMs: 1000,
    timeoutMs: 500,
    ping: () => record.pings++,
    onDead: (error) => record.dead.push(error),
  });
  return { clock, heartbeat, record };
}

describe('Heartbeat', () => {
  it('pings after a quiet interval and declares the link dead when the ping goes unanswered', () => {
    const { clock, heartbeat, record } = setup();
    heartbeat.start();
    clock.advance(999);
    expect(record.pings).toBe(0);
    clock.advance(1);
    expect(record.pings).toBe(1);
    clock.advance(499);
    expect(record.dead).toEqual([]);
    clock.advance(1);
    expect(record.dead).toHaveLength(1);
    expect(record.dead[0]?.code).toBe('TRANSPORT_TIMEOUT');
    expect(record.dead[0]?.message).toMatch(/No traffic and no pong for 1500 ms/);
    // Dead once: nothing more runs until the next start.
    expect(clock.pendingTimers).toBe(0);
  });

  it('traffic in each interval keeps the link without a ping', () => {
    const { clock, heartbeat, record } = setup();
    heartbeat.start();
    for (let i = 0; i < 10; i++) {
      clock.advance(900);
      heartbeat.alive();
      clock.advance(100);
    }
    expect(record.pings).toBe(0);
    expect(record.dead).toEqual([]);
  });

  it('an answer to the ping keeps the link, and the next look is a full interval later', () => {
    const { clock, heartbeat, record } = setup();
    heartbeat.start();
    clock.advance(1000);
    heartbeat.alive();
    clock.advance(500);
    expect(record.dead).toEqual([]);
    expect(record.pings).toBe(1);
    clock.advance(999);
    expect(record.pings).toBe(1);
    clock.advance(1);
    expect(record.pings).toBe(2);
  });

  it('a ping answered at once (an app ping sent synchronously) counts', () => {
    const clock = new VirtualClock();
    const dead: unknown[] = [];
    const heartbeat: Heartbeat = new Heartbeat({ clock, intervalMs: 1000, timeoutMs: 500, ping: () => heartbeat.alive(), onDead: (e) => dead.push(e) });
    heartbeat.start();
    clock.advance(10_000);
    expect(dead).toEqual([]);
  });

  it('traffic before start does not count, and stop releases the timer', () => {
    const { clock, heartbeat, record } = setup();
    heartbeat.alive();
    heartbeat.start();
    clock.advance(1000);
    expect(record.pings).toBe(1);
    heartbeat.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10_000);
    expect(record.dead).toEqual([]);
  });

  it('uses the documented defaults: 15 s of quiet, then 10 s for the answer', () => {
    const clock = new VirtualClock();
    const record = { pings: 0, dead: 0 };
    const heartbeat = new Heartbeat({ clock, ping: () => record.pings++, onDead: () => record.dead++ });
    heartbeat.start();
    clock.advance(14_999);
    expect(record.pings).toBe(0);
    clock.advance(1);
    expect(record.pings).toBe(1);
    clock.advance(9_999);
    expect(record.dead).toBe(0);
    clock.advance(1);
    expect(record.dead).toBe(1);
  });
});
