import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket, inspectorLoaded, type FakeWebSocketFactory } from './testing/index.js';
import { webSocketConnection } from './webSocketConnection.js';
import { WireTap } from './inspect/wireTap.js';
import { systemClock } from './clock.js';
import type { WireEvent } from './inspect/wireEvent.js';
import type { WebSocketConnectionOptions } from './webSocketConnectionOptions.js';

let fake: FakeWebSocketFactory;
let close: (() => void) | undefined;

function open(options: Partial<WebSocketConnectionOptions> = {}) {
  fake = createFakeWebSocket();
  const connection = webSocketConnection({ url: 'ws://test.invalid/ws?token=s3cret', WebSocket: fake.WebSocket, random: () => 0.5, network: false, ...options });
  close = () => connection.close();
  connection.messages$.subscribe({ error: () => undefined });
  connection.errors$.subscribe();
  return connection;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000 });
});

afterEach(() => {
  close?.();
  vi.useRealTimers();
});

describe('webSocketConnection: inspect$', () => {
  it('shows frames in and out with their size and data, state changes and errors', async () => {
    const connection = open();
    const events: WireEvent[] = [];
    connection.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    connection.send({ subscribe: 'quotes' });
    fake.last.receive('{"price":1}');
    fake.last.receive('not json');
    expect(events).toEqual([
      { at: 1_000, dir: 'in', kind: 'state', data: 'connected' },
      { at: 1_000, dir: 'out', kind: 'frame', size: 22, data: { subscribe: 'quotes' } },
      { at: 1_000, dir: 'in', kind: 'frame', size: 11, data: { price: 1 } },
      { at: 1_000, dir: 'in', kind: 'error', data: expect.objectContaining({ name: 'BadFrameError', code: 'BAD_FRAME' }) },
    ]);
  });

  it('shows a prepared message as the JSON of its frame', async () => {
    const connection = open();
    const events: WireEvent[] = [];
    connection.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    connection.send(connection.prepare({ a: 1 }));
    expect(events.filter((e) => e.kind === 'frame')).toEqual([{ at: 1_000, dir: 'out', kind: 'frame', size: 7, data: { a: 1 } }]);
  });

  it('redacts credentials from what it shows', async () => {
    const connection = open();
    const events: WireEvent[] = [];
    connection.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    connection.send({ login: { user: 'bob', password: 'hunter2' }, next: 'wss://h/x?access_token=abc' });
    expect(events[0]?.data).toEqual({ login: { user: 'bob', password: '***' }, next: 'wss://h/x?access_token=***' });
  });

  it('replays nothing to a late observer, and stops when it leaves', async () => {
    const connection = open();
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.receive('{"early":1}');
    const events: WireEvent[] = [];
    const subscription = connection.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    expect(events).toEqual([]);
    subscription.unsubscribe();
    fake.last.receive('{"late":1}');
    expect(events).toEqual([]);
  });

  it('calls no hook while nobody observes inspect$', async () => {
    const tap = new WireTap(systemClock);
    open({ wireTap: tap });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.receive('{"a":1}');
    expect(tap.on).toBeUndefined();
  });
});

describe('webSocketConnection: inspect()', () => {
  it('describes the connection: url redacted, state, reconnects, last error', async () => {
    const connection = open();
    expect(connection.inspect()).toEqual({
      kind: 'websocket',
      url: 'ws://test.invalid/ws?token=***',
      state: 'connecting',
      connectionType: 'websocket',
      role: 'alone',
      reconnects: 0,
      channels: [],
      calls: [],
    });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.serverClose(1006, 'gone', false);
    await vi.advanceTimersByTimeAsync(500); // random() = 0.5: the first delay is 0.5 * 1000
    fake.last.fail(); // a failed attempt is reported: the snapshot's last error
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.sockets).toHaveLength(3);
    fake.last.open();
    const snapshot = connection.inspect();
    expect(snapshot.state).toBe('connected');
    expect(snapshot.reconnects).toBe(1);
    expect(snapshot.lastError?.code).toBe('CONNECTION_LOST');
  });
});
