import { afterEach, describe, expect, it } from 'vitest';
import { Subscription } from 'rxjs';
import { MulticastValue } from '../multicast.js';
import { ConnectionLostError } from '../errors.js';
import { VirtualClock } from '../testing/virtualClock.js';
import { inspectorLoaded } from '../testing/inspectorLoaded.js';
import type { ConnectionState } from '../types.js';
import type { WireEvent } from './wireEvent.js';
import { WireTap } from './wireTap.js';

let subscriptions = new Subscription();
afterEach(() => {
  subscriptions.unsubscribe();
  subscriptions = new Subscription();
});

function setup() {
  const clock = new VirtualClock();
  const state = new MulticastValue<ConnectionState>('idle');
  const tap = new WireTap(clock);
  const inspect$ = tap.follow(state.observable);
  const events: WireEvent[] = [];
  const watch = () => inspect$.subscribe((event) => events.push(event));
  return { clock, state, tap, events, watch };
}

describe('WireTap', () => {
  it('has no hooks while nobody observes, and none again after the last observer left', async () => {
    const { tap, watch } = setup();
    expect(tap.on).toBeUndefined();
    const first = watch();
    const second = watch();
    await inspectorLoaded();
    expect(tap.on).toBeDefined();
    first.unsubscribe();
    expect(tap.on).toBeDefined();
    second.unsubscribe();
    expect(tap.on).toBeUndefined();
  });

  it('starts no recorder when the only observer left while it loaded', async () => {
    const { tap, watch } = setup();
    watch().unsubscribe();
    await inspectorLoaded();
    expect(tap.on).toBeUndefined();
  });

  it('starts at once for a later observer, once the recorder was loaded', async () => {
    const { tap, watch } = setup();
    watch().unsubscribe();
    await inspectorLoaded();
    subscriptions.add(watch());
    expect(tap.on).toBeDefined();
  });

  it('replays nothing: neither the current state nor what happened before', async () => {
    const { state, events, watch } = setup();
    state.next('connecting');
    state.next('connected');
    subscriptions.add(watch());
    await inspectorLoaded();
    expect(events).toEqual([]);
    state.next('reconnecting');
    expect(events).toEqual([{ at: 0, dir: 'in', kind: 'state', data: 'reconnecting' }]);
  });

  it('stamps events with the clock', async () => {
    const { clock, tap, events, watch } = setup();
    subscriptions.add(watch());
    await inspectorLoaded();
    clock.advance(1234);
    tap.on?.frame('in', '{"a":1}');
    expect(events).toEqual([{ at: 1234, dir: 'in', kind: 'frame', size: 7, data: { a: 1 } }]);
  });

  it('pairs a reply with its call: same id, latency from the clock, ok, the method read from the message', async () => {
    const { clock, tap, events, watch } = setup();
    subscriptions.add(watch());
    await inspectorLoaded();
    tap.on?.call('7', { id: '7', method: 'add', payload: { a: 1 } });
    clock.advance(40);
    tap.on?.reply('7', true, 3);
    expect(events).toEqual([
      { at: 0, dir: 'out', kind: 'call', id: '7', channel: 'add', data: { id: '7', method: 'add', payload: { a: 1 } } },
      { at: 40, dir: 'in', kind: 'reply', id: '7', ok: true, channel: 'add', latencyMs: 40, data: 3 },
    ]);
  });

  it('lists the calls it saw go out and not answered yet', async () => {
    const { clock, tap, watch } = setup();
    subscriptions.add(watch());
    await inspectorLoaded();
    tap.on?.call('1', { method: 'GET', url: '/users' });
    clock.advance(5);
    tap.on?.call('2', { method: 'sum' });
    tap.on?.reply('1', false, new Error('no'));
    expect(tap.on?.openCalls()).toEqual([{ id: '2', method: 'sum', startedAt: 5 }]);
  });

  it('gives one frame event per message of a batch, with its channel', async () => {
    const { tap, events, watch } = setup();
    subscriptions.add(watch());
    await inspectorLoaded();
    const batch = [{ channel: '/meta/connect' }, { channel: '/a', data: 1 }];
    tap.on?.messages('out', batch);
    expect(events.map((e) => [e.kind, e.dir, e.channel, e.size, e.data])).toEqual([
      ['frame', 'out', '/meta/connect', JSON.stringify(batch[0]).length, batch[0]],
      ['frame', 'out', '/a', JSON.stringify(batch[1]).length, batch[1]],
    ]);
  });

  it('counts reconnects from the state it follows, and redacts the url of its snapshot', () => {
    const { state, tap } = setup();
    for (const s of ['connecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected'] as const) state.next(s);
    const lastError = new ConnectionLostError('lost');
    const snapshot = tap.snapshot({ kind: 'websocket', url: 'wss://h/ws?token=abc', state: 'connected', lastError });
    expect(snapshot).toEqual({ kind: 'websocket', url: 'wss://h/ws?token=***', state: 'connected', reconnects: 2, lastError, channels: [], calls: [] });
  });

  it('shows a url function not yet called as an empty url', () => {
    const { tap } = setup();
    expect(tap.snapshot({ kind: 'rpc', url: () => 'wss://h', state: 'idle' }).url).toBe('');
  });
});
