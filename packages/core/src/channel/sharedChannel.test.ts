import { describe, expect, it } from 'vitest';
import type { Subscription } from 'rxjs';
import { VirtualClock } from '../testing/virtualClock.js';
import type { ChannelMessage, ChannelStatus, Continuity } from '../types.js';
import { SharedChannel, type SharedChannelOptions } from './sharedChannel.js';

/** A channel whose wire records what it is asked, online or not. */
function setup(options: Partial<SharedChannelOptions> = {}) {
  const clock = new VirtualClock();
  const wire: string[] = [];
  const attempts: number[] = [];
  const published: unknown[] = [];
  const link = { online: true };
  const channel = new SharedChannel({
    name: 'quotes',
    clock,
    wire: {
      subscribe: (attempt) => {
        attempts.push(attempt);
        if (!link.online) return false;
        wire.push('subscribe');
        return true;
      },
      unsubscribe: () => wire.push('unsubscribe'),
      publish: (data) => {
        published.push(data);
        return Promise.resolve('ok');
      },
    },
    ...options,
  });
  const statuses: ChannelStatus[] = [];
  channel.status$.subscribe((s) => statuses.push(s));
  const continuity: Continuity[] = [];
  channel.continuity$.subscribe((c) => continuity.push(c));
  const last = () => attempts[attempts.length - 1] as number;
  return { clock, wire, attempts, last, published, link, channel, statuses, continuity };
}

const message = (data: number): ChannelMessage<unknown> => ({ channel: 'quotes', data });

describe('SharedChannel', () => {
  it('subscribes on the wire once for many observers and releases after the grace period', () => {
    const { clock, wire, channel, statuses, last } = setup();
    const seen: unknown[] = [];
    const a = channel.messages$.subscribe((m) => seen.push(`a${m.data as number}`));
    const b = channel.messages$.subscribe((m) => seen.push(`b${m.data as number}`));
    expect(wire).toEqual(['subscribe']);
    channel.confirmed(last());
    channel.deliver(message(1));
    expect(seen).toEqual(['a1', 'b1']);
    a.unsubscribe();
    b.unsubscribe();
    clock.advance(99);
    expect(wire).toEqual(['subscribe']);
    expect(channel.isActive).toBe(true);
    clock.advance(1);
    expect(wire).toEqual(['subscribe', 'unsubscribe']);
    expect(statuses).toEqual(['idle', 'subscribing', 'live', 'idle']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a leave and come back within the grace period does not churn the wire (StrictMode)', () => {
    const { clock, wire, channel, last } = setup();
    channel.messages$.subscribe().unsubscribe();
    channel.confirmed(last());
    clock.advance(50);
    const again = channel.messages$.subscribe();
    clock.advance(500);
    expect(wire).toEqual(['subscribe']);
    expect(channel.status).toBe('live');
    again.unsubscribe();
  });

  it('replays status and subscribed to late observers', () => {
    const { channel, last } = setup();
    channel.messages$.subscribe();
    channel.confirmed(last());
    const status: ChannelStatus[] = [];
    const subscribed: boolean[] = [];
    channel.status$.subscribe((s) => status.push(s));
    channel.subscribed$.subscribe((s) => subscribed.push(s));
    expect(status).toEqual(['live']);
    expect(subscribed).toEqual([true]);
  });

  it('waits while offline: connecting, then subscribes once the owner resubscribes', () => {
    const { wire, link, channel, statuses, last, continuity } = setup();
    link.online = false;
    channel.messages$.subscribe();
    expect(wire).toEqual([]);
    expect(channel.status).toBe('connecting');
    link.online = true;
    channel.resubscribe();
    channel.confirmed(last());
    expect(statuses).toEqual(['idle', 'connecting', 'subscribing', 'live']);
    // Never live before, so nothing was missed.
    expect(continuity).toEqual([]);
  });

  it('after a loss: reconnecting, then one continuity value per resubscribe, gap by default', () => {
    const { clock, link, channel, statuses, last, continuity } = setup();
    channel.messages$.subscribe();
    clock.advance(1000);
    channel.confirmed(last());
    clock.advance(1000);
    channel.lost();
    link.online = false;
    channel.resubscribe();
    expect(channel.status).toBe('reconnecting');
    clock.advance(500);
    link.online = true;
    channel.resubscribe();
    channel.lost(); // lost again while subscribing: still the first loss that counts
    clock.advance(500);
    channel.resubscribe();
    channel.confirmed(last());
    expect(continuity).toEqual([{ resumed: 'gap', lostAt: 2000, resumedAt: 3000 }]);
    expect(statuses).toEqual(['idle', 'subscribing', 'live', 'reconnecting', 'subscribing', 'reconnecting', 'subscribing', 'live']);
    channel.lost();
    clock.advance(10);
    channel.resubscribe();
    channel.confirmed(last(), { resumed: 'recovered' });
    expect(continuity[1]).toEqual({ resumed: 'recovered', lostAt: 3000, resumedAt: 3010 });
  });

  it('ignores a stale confirmation', () => {
    const { channel, attempts } = setup();
    channel.messages$.subscribe();
    channel.lost();
    channel.resubscribe();
    channel.confirmed(attempts[0] as number);
    expect(channel.status).toBe('subscribing');
    channel.failed(attempts[0] as number);
    expect(channel.status).toBe('subscribing');
    channel.failed(attempts[1] as number);
    expect(channel.status).toBe('reconnecting');
  });

  it('a confirmation that comes synchronously from the wire counts', () => {
    const clock = new VirtualClock();
    const channel: SharedChannel = new SharedChannel({
      name: 'echo',
      clock,
      wire: {
        subscribe: (attempt) => {
          channel.confirmed(attempt);
          return true;
        },
        unsubscribe: () => {},
        publish: () => Promise.resolve(),
      },
    });
    channel.messages$.subscribe();
    expect(channel.status).toBe('live');
  });

  it('denied: observers get the error, status error, no wire unsubscribe; a new observer tries again', () => {
    const { clock, wire, channel, last } = setup();
    const errors: unknown[] = [];
    channel.messages$.subscribe({ error: (e: unknown) => errors.push(e) });
    const refused = new Error('refused');
    channel.denied(refused);
    expect(errors).toEqual([refused]);
    expect(channel.status).toBe('error');
    expect(channel.isActive).toBe(false);
    clock.advance(1000);
    expect(wire).toEqual(['subscribe']);
    expect(clock.pendingTimers).toBe(0);
    channel.messages$.subscribe();
    expect(wire).toEqual(['subscribe', 'subscribe']);
    channel.confirmed(last());
    expect(channel.status).toBe('live');
  });

  it('end() completes the current observers; the channel stays usable', () => {
    const { wire, channel } = setup();
    let completed = false;
    channel.messages$.subscribe({ complete: () => (completed = true) });
    channel.end();
    expect(completed).toBe(true);
    expect(channel.status).toBe('idle');
    const seen: unknown[] = [];
    channel.messages$.subscribe((m) => seen.push(m.data));
    channel.deliver(message(7));
    expect(seen).toEqual([7]);
    expect(wire).toEqual(['subscribe', 'subscribe']);
  });

  it('close() completes everything, leaves no timer, and later observers complete at once', () => {
    const { clock, channel } = setup();
    const sub = channel.messages$.subscribe();
    sub.unsubscribe();
    channel.close();
    expect(clock.pendingTimers).toBe(0);
    let completed = 0;
    channel.messages$.subscribe({ complete: () => completed++ });
    channel.status$.subscribe({ complete: () => completed++ });
    channel.subscribed$.subscribe({ complete: () => completed++ });
    expect(completed).toBe(3);
  });

  it('flush() runs a pending release now', () => {
    const { clock, wire, channel } = setup();
    channel.messages$.subscribe().unsubscribe();
    channel.flush();
    expect(wire).toEqual(['subscribe', 'unsubscribe']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('releases without a wire unsubscribe when nothing went out (offline)', () => {
    const { clock, wire, link, channel } = setup();
    link.online = false;
    channel.messages$.subscribe().unsubscribe();
    clock.advance(100);
    expect(wire).toEqual([]);
    expect(channel.status).toBe('idle');
  });

  it('publishes through the wire', async () => {
    const { channel, published } = setup();
    await expect(channel.publish(3)).resolves.toBe('ok');
    expect(published).toEqual([3]);
  });

  it('iterates with for await through a bounded buffer, counting what waits and what was dropped', async () => {
    let changes = 0;
    const { channel, wire } = setup({ limit: 2, overflow: 'drop-oldest', onPendingChange: () => changes++ });
    const iterator = channel[Symbol.asyncIterator]();
    const first = iterator.next();
    expect(wire).toEqual(['subscribe']);
    channel.deliver(message(1));
    await expect(first).resolves.toEqual({ value: message(1), done: false });
    for (const n of [2, 3, 4]) channel.deliver(message(n));
    expect(channel.pendingCount).toBe(2);
    expect(changes).toBeGreaterThan(0);
    await expect(iterator.next()).resolves.toEqual({ value: message(3), done: false });
    await iterator.return?.();
    expect(channel.pendingCount).toBe(0);
    expect(channel.droppedCount).toBe(1);
  });

  it('ends an iteration with the denial', async () => {
    const { channel } = setup();
    const iterator = channel[Symbol.asyncIterator]();
    const pull = iterator.next();
    const refused = new Error('refused');
    channel.denied(refused);
    await expect(pull).rejects.toBe(refused);
  });

  it('delivers nothing to observers that left', () => {
    const { channel } = setup();
    const seen: unknown[] = [];
    const subscription: Subscription = channel.messages$.subscribe((m) => seen.push(m.data));
    subscription.unsubscribe();
    channel.deliver(message(1));
    expect(seen).toEqual([]);
  });
});
