import { describe, expect, it } from 'vitest';
import { ConnectionLostError, RxwireError } from '../errors.js';
import type { NetworkStatus } from '../networkStatus.js';
import { VirtualClock } from '../testing/virtualClock.js';
import { RetrySchedule, type RetryScheduleOptions } from './retrySchedule.js';

/** A schedule on virtual time whose attempts are counted and whose give-up is recorded. */
function setup(options: Partial<RetryScheduleOptions> = {}) {
  const clock = new VirtualClock();
  const record = { attempts: 0, gaveUp: undefined as RxwireError | undefined, timeouts: 0 };
  const schedule = new RetrySchedule({
    clock,
    random: () => 0.5,
    onGiveUp: (error) => (record.gaveUp = error),
    onAttemptTimeout: () => record.timeouts++,
    ...options,
  });
  const attempt = (): void => {
    record.attempts++;
  };
  return { clock, schedule, record, attempt };
}

/** Advances one millisecond at a time until an attempt runs; returns the delay it waited. */
function delayOfNextAttempt(clock: VirtualClock, record: { attempts: number }, limit = 100_000): number {
  const before = record.attempts;
  for (let waited = 0; waited <= limit; waited++) {
    clock.advance(waited === 0 ? 0 : 1);
    if (record.attempts > before) return waited;
  }
  throw new Error('no attempt ran');
}

function fakeNetwork(online: boolean): NetworkStatus & { set(online: boolean): void; listeners: number } {
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      online = value;
      for (const listener of listeners) listener(value);
    },
    get listeners() {
      return listeners.size;
    },
  };
}

describe('RetrySchedule: backoff', () => {
  it('doubles the jittered delay per failed attempt, up to maxDelayMs', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      schedule.retry(attempt);
      delays.push(delayOfNextAttempt(clock, record));
    }
    // random() = 0.5: half of 100, 200, 400, 800, then the 1000 cap.
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    expect(schedule.attempts).toBe(6);
  });

  it('keeps every delay within [0, cap) whatever the random source says', () => {
    for (const random of [() => 0, () => 0.999999]) {
      const { clock, schedule, record, attempt } = setup({ random, reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
      for (let i = 0; i < 8; i++) {
        schedule.retry(attempt);
        const delay = delayOfNextAttempt(clock, record);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** i));
      }
    }
  });

  it('adds extraDelayMs, and neither counts nor backs off a retry that says so', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { initialDelayMs: 100 } });
    schedule.retry(attempt, { extraDelayMs: 1000 });
    expect(delayOfNextAttempt(clock, record)).toBe(1050);
    schedule.retry(attempt, { counts: false, backoff: false });
    expect(delayOfNextAttempt(clock, record)).toBe(0);
    expect(schedule.attempts).toBe(1);
  });

  it('a retry replaces the one waiting', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { initialDelayMs: 1000 } });
    schedule.retry(attempt);
    schedule.retry(attempt);
    clock.advance(60_000);
    expect(record.attempts).toBe(1);
  });
});

describe('RetrySchedule: the end', () => {
  it('gives up after maxAttempts failed in a row, with the last failure as cause', async () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { maxAttempts: 2 } });
    schedule.start();
    const waiter = schedule.whenConnected();
    const failures = [1, 2, 3].map((n) => new ConnectionLostError(`failure ${n}`));
    for (const failure of failures) {
      schedule.retry(attempt, { failure });
      clock.advance(60_000);
    }
    expect(record.attempts).toBe(2);
    expect(record.gaveUp?.code).toBe('CONNECTION_LOST');
    expect(record.gaveUp?.message).toMatch(/Gave up after 2 failed reconnect attempts/);
    expect(record.gaveUp?.cause).toBe(failures[2]);
    await expect(waiter).rejects.toBe(record.gaveUp);
    await expect(schedule.whenConnected()).rejects.toBe(record.gaveUp);
    expect(clock.pendingTimers).toBe(0);
  });

  it('with reconnect: false the first failure is terminal, as it is', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: false });
    const failure = new ConnectionLostError('refused');
    schedule.retry(attempt, { failure });
    expect(record.gaveUp).toBe(failure);
    clock.advance(60_000);
    expect(record.attempts).toBe(0);
  });

  it('a retry that does not count never gives up', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { maxAttempts: 0 } });
    schedule.retry(attempt, { counts: false, backoff: false });
    clock.advance(0);
    expect(record.attempts).toBe(1);
    expect(record.gaveUp).toBeUndefined();
  });

  it('fail() rejects the waiters with the owner\'s error without calling onGiveUp', async () => {
    const { schedule, record } = setup();
    const waiter = schedule.whenConnected();
    const denied = new RxwireError('HANDSHAKE_DENIED', 'denied');
    schedule.fail(denied);
    await expect(waiter).rejects.toBe(denied);
    expect(record.gaveUp).toBeUndefined();
  });
});

describe('RetrySchedule: connecting', () => {
  it('resolves the connect waiters when connected, and at once while connected', async () => {
    const { schedule } = setup();
    let resolved = false;
    const waiter = schedule.whenConnected().then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    schedule.connected();
    await waiter;
    expect(resolved).toBe(true);
    await expect(schedule.whenConnected()).resolves.toBeUndefined();
    expect(schedule.isConnected).toBe(true);
  });

  it('times out one attempt after connectTimeoutMs, and not once connected', () => {
    const { clock, schedule, record } = setup({ connectTimeoutMs: 2000 });
    schedule.attemptStarted();
    clock.advance(1999);
    expect(record.timeouts).toBe(0);
    clock.advance(1);
    expect(record.timeouts).toBe(1);
    schedule.attemptStarted();
    schedule.connected();
    clock.advance(10_000);
    expect(record.timeouts).toBe(1);
  });

  it('gives up at the deadline without a connection, rejecting the waiters with the last failure as cause', async () => {
    const { clock, schedule, record, attempt } = setup({ connectionTimeoutMs: 3000, subject: 'Bayeux session' });
    schedule.start();
    const waiter = schedule.whenConnected();
    const refused = new ConnectionLostError('refused');
    schedule.retry(attempt, { failure: refused });
    clock.advance(2999);
    expect(record.gaveUp).toBeUndefined();
    clock.advance(1);
    expect(record.gaveUp?.code).toBe('TRANSPORT_TIMEOUT');
    expect(record.gaveUp?.message).toBe('No Bayeux session could be established within 3000 ms (connectionTimeoutMs); last attempt failed: refused.');
    expect(record.gaveUp?.cause).toBe(refused);
    await expect(waiter).rejects.toBe(record.gaveUp);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops the deadline when connected, and arms it again after a loss only with deadlineAfterLoss', () => {
    for (const deadlineAfterLoss of [false, true]) {
      const { clock, schedule, record, attempt } = setup({ connectionTimeoutMs: 3000, deadlineAfterLoss, reconnect: { initialDelayMs: 60_000 } });
      schedule.start();
      schedule.connected();
      clock.advance(10_000);
      expect(record.gaveUp).toBeUndefined();
      schedule.disconnected();
      schedule.retry(attempt);
      clock.advance(3000);
      expect(record.gaveUp?.code).toBe(deadlineAfterLoss ? 'TRANSPORT_TIMEOUT' : undefined);
    }
  });
});

describe('RetrySchedule: start', () => {
  it('arms the deadline on the first start only: a later start while connected arms nothing', () => {
    const { clock, schedule, record } = setup({ connectionTimeoutMs: 1000 });
    schedule.start();
    schedule.connected();
    schedule.start();
    clock.advance(5000);
    expect(record.gaveUp).toBeUndefined();
    schedule.close();
  });
});

describe('RetrySchedule: stable connections', () => {
  function afterThreeFailures() {
    const t = setup({ reconnect: { initialDelayMs: 1000, stableAfterMs: 5000 } });
    for (let i = 0; i < 3; i++) {
      t.schedule.retry(t.attempt);
      t.clock.advance(60_000);
    }
    t.schedule.connected();
    return t;
  }

  it('resets the attempt count once a connection stayed up stableAfterMs', () => {
    const { clock, schedule, record, attempt } = afterThreeFailures();
    clock.advance(5000);
    schedule.disconnected();
    expect(schedule.attempts).toBe(0);
    schedule.retry(attempt);
    expect(delayOfNextAttempt(clock, record)).toBe(500);
  });

  it('keeps counting after a connection that dropped sooner', () => {
    const { clock, schedule, record, attempt } = afterThreeFailures();
    clock.advance(4999);
    schedule.retry(attempt); // retry() also notes the loss
    expect(schedule.isConnected).toBe(false);
    expect(delayOfNextAttempt(clock, record)).toBe(4000);
  });
});

describe('RetrySchedule: offline', () => {
  it('holds a retry while offline and runs it at once when the network returns', () => {
    const network = fakeNetwork(true);
    const { clock, schedule, record, attempt } = setup({ network, reconnect: { initialDelayMs: 60_000 } });
    schedule.start();
    network.set(false);
    schedule.retry(attempt);
    clock.advance(10 * 60_000);
    expect(record.attempts).toBe(0);
    network.set(true);
    expect(record.attempts).toBe(1);
    // It ran: nothing waits any more.
    clock.advance(10 * 60_000);
    expect(record.attempts).toBe(1);
  });

  it('going offline holds a retry already waiting; online skips the rest of its delay, from a fresh count', () => {
    const { clock, schedule, record, attempt } = setup({ reconnect: { initialDelayMs: 60_000 } });
    schedule.retry(attempt);
    schedule.retry(attempt);
    expect(schedule.attempts).toBe(2);
    expect(schedule.setOnline(false)).toBe(false);
    clock.advance(10 * 60_000);
    expect(record.attempts).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(schedule.setOnline(true)).toBe(true);
    expect(record.attempts).toBe(1);
    expect(schedule.attempts).toBe(0);
  });

  it('reads the network when started, and a repeated status changes nothing', () => {
    const network = fakeNetwork(false);
    const { clock, schedule, record, attempt } = setup({ network });
    schedule.start();
    schedule.retry(attempt);
    expect(schedule.setOnline(false)).toBe(false);
    clock.advance(60_000);
    expect(record.attempts).toBe(0);
    network.set(true);
    expect(record.attempts).toBe(1);
  });
});

describe('RetrySchedule: close', () => {
  it('releases every timer and the network watch, and rejects the waiters with CLOSED', async () => {
    const network = fakeNetwork(true);
    const { clock, schedule, record, attempt } = setup({ network, connectTimeoutMs: 1000, connectionTimeoutMs: 5000 });
    schedule.start();
    schedule.attemptStarted();
    schedule.retry(attempt);
    schedule.attemptStarted();
    const waiter = schedule.whenConnected();
    expect(clock.pendingTimers).toBe(3);
    expect(network.listeners).toBe(1);
    schedule.close();
    expect(clock.pendingTimers).toBe(0);
    expect(network.listeners).toBe(0);
    await expect(waiter).rejects.toMatchObject({ code: 'CLOSED' });
    schedule.retry(attempt);
    schedule.attemptStarted();
    clock.advance(60_000);
    expect(record).toMatchObject({ attempts: 0, timeouts: 0, gaveUp: undefined });
  });
});
