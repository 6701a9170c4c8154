import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket, type FakeWebSocketFactory } from './testing/index.js';
import { webSocketConnection } from './webSocketConnection.js';
import { toWebSocketUrl } from './toWebSocketUrl.js';
import type { WebSocketConnectionOptions } from './webSocketConnectionOptions.js';
import type { RxwireError } from './errors.js';
import type { CloseInfo, ConnectionState } from './types.js';
import type { Connection } from './connection.js';

let fake: FakeWebSocketFactory;
let connection: Connection<unknown> | undefined;

function open(options: Partial<WebSocketConnectionOptions> = {}, pingFrames = false) {
  fake = createFakeWebSocket({ pingFrames });
  const conn = webSocketConnection({ url: 'ws://test.invalid/ws', WebSocket: fake.WebSocket, random: () => 0.5, ...options });
  connection = conn;
  const states: ConnectionState[] = [];
  const errors: RxwireError[] = [];
  const closes: CloseInfo[] = [];
  const messages: unknown[] = [];
  conn.state$.subscribe((s) => states.push(s));
  conn.errors$.subscribe((e) => errors.push(e));
  conn.closes$.subscribe((c) => closes.push(c));
  conn.messages$.subscribe({ next: (m) => messages.push(m), error: () => undefined });
  return { conn, states, errors, closes, messages };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  connection?.close();
  connection = undefined;
  vi.useRealTimers();
});

describe('webSocketConnection: life cycle', () => {
  it('goes idle → connecting → connected and swaps http(s) for ws(s)', async () => {
    const { conn, states } = open({ url: 'https://example.test/ws' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.last.url).toBe('wss://example.test/ws');
    expect(conn.state).toBe('connecting');
    fake.last.open();
    expect(states).toEqual(['connecting', 'connected']);
    expect(fake.last.binaryType).toBe('arraybuffer');
  });

  it('stays idle when lazy until the first messages$ observer', async () => {
    fake = createFakeWebSocket();
    const conn = webSocketConnection({ url: 'ws://x', WebSocket: fake.WebSocket, lazy: true });
    connection = conn;
    await vi.advanceTimersByTimeAsync(10);
    expect(conn.state).toBe('idle');
    expect(fake.sockets).toHaveLength(0);
    conn.messages$.subscribe();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(1);
  });

  it('calls a url factory before every attempt', async () => {
    let n = 0;
    open({ url: async () => `ws://host/ws?attempt=${++n}` });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.last.url).toBe('ws://host/ws?attempt=1');
    fake.last.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.last.url).toBe('ws://host/ws?attempt=2');
  });

  it('reports a failing url factory and retries', async () => {
    let calls = 0;
    const { errors } = open({
      url: () => {
        calls++;
        throw new Error('token service down');
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors[0]?.code).toBe('CONNECTION_LOST');
    expect((errors[0]?.cause as Error).message).toBe('token service down');
    await vi.advanceTimersByTimeAsync(250); // backoff: 0.5 * initialDelayMs
    expect(calls).toBe(2);
  });

  it('delivers decoded messages and reports a bad frame without stopping', async () => {
    const { messages, errors } = open();
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.receive('{"a":1}');
    fake.last.receive('{not json');
    fake.last.receive(new TextEncoder().encode('{"b":2}').buffer);
    expect(messages).toEqual([{ a: 1 }, { b: 2 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('BAD_FRAME');
    expect(errors[0]).toMatchObject({ frameSize: 9 });
    expect(errors[0]?.message).toMatch(/9 characters.*carries on/);
  });

  it('discards frames above maxMessageSize with MESSAGE_TOO_LARGE and keeps the connection', async () => {
    const { conn, messages, errors } = open({ maxMessageSize: 10 });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.receive(JSON.stringify({ big: 'x'.repeat(100) }));
    fake.last.receive('{"ok":1}');
    expect(errors.map((e) => e.code)).toEqual(['MESSAGE_TOO_LARGE']);
    expect(messages).toEqual([{ ok: 1 }]);
    expect(conn.state).toBe('connected');
  });

  it('close() sends the code and reason, reports the close and completes everything', async () => {
    const { conn, states, closes } = open();
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    let completed = false;
    conn.messages$.subscribe({ complete: () => (completed = true) });
    conn.close(4001, 'bye');
    expect(socket.closedBy).toEqual({ code: 4001, reason: 'bye' });
    expect(conn.state).toBe('closed');
    expect(completed).toBe(true);
    socket.serverClose(4001, 'bye', true);
    expect(closes).toEqual([{ code: 4001, reason: 'bye', wasClean: true }]);
    expect(states.at(-1)).toBe('closed');
    conn.close();
    expect(vi.getTimerCount()).toBe(0);
    const late: ConnectionState[] = [];
    let lateCompleted = false;
    conn.state$.subscribe({ next: (s) => late.push(s), complete: () => (lateCompleted = true) });
    expect(late).toEqual(['closed']);
    expect(lateCompleted).toBe(true);
  });

  it('close() does not wait forever for a peer that never finishes the closing handshake', async () => {
    const { conn, closes } = open({}, true);
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    conn.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.closedBy).toBe('terminate');
    expect(closes).toEqual([{ code: 1006, reason: 'closing handshake timed out', wasClean: false }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('webSocketConnection: reconnect', () => {
  it('reconnects after a drop with full-jitter backoff and reports each close', async () => {
    const { states, closes } = open({ reconnect: { initialDelayMs: 1000, maxDelayMs: 8000 } });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.serverClose(1001, 'going away');
    expect(closes).toEqual([{ code: 1001, reason: 'going away', wasClean: true }]);
    expect(states.at(-1)).toBe('reconnecting');
    // random() = 0.5: first delay is 0.5 * 1000.
    await vi.advanceTimersByTimeAsync(499);
    expect(fake.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets).toHaveLength(2);
    fake.last.fail();
    // second delay: 0.5 * 2000.
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets).toHaveLength(3);
    fake.last.open();
    expect(states.at(-1)).toBe('connected');
  });

  /** Three failed attempts (the backoff grows), then a socket that opens. */
  async function openAfterThreeFailures(): Promise<void> {
    open({ reconnect: { initialDelayMs: 1000, stableAfterMs: 5000 } });
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++) {
      const count = fake.sockets.length;
      fake.last.fail();
      while (fake.sockets.length === count) await vi.advanceTimersByTimeAsync(100);
    }
    fake.last.open();
  }

  it('resets the attempt count after a stable period', async () => {
    await openAfterThreeFailures();
    await vi.advanceTimersByTimeAsync(5000);
    fake.last.serverClose(1006, '', false);
    const before = fake.sockets.length;
    await vi.advanceTimersByTimeAsync(500); // attempt 0 again: 0.5 * 1000
    expect(fake.sockets.length).toBe(before + 1);
  });

  it('keeps the attempt count when the socket closes before the stable period', async () => {
    await openAfterThreeFailures();
    await vi.advanceTimersByTimeAsync(4999);
    fake.last.serverClose(1006, '', false);
    const before = fake.sockets.length;
    await vi.advanceTimersByTimeAsync(3999); // attempt 3: 0.5 * 8000
    expect(fake.sockets.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets.length).toBe(before + 1);
  });

  it('gives up after maxAttempts: closed, with an error on errors$ and messages$', async () => {
    fake = createFakeWebSocket();
    const conn = webSocketConnection({ url: 'ws://x', WebSocket: fake.WebSocket, reconnect: { maxAttempts: 2 } });
    connection = conn;
    const errors: RxwireError[] = [];
    conn.errors$.subscribe((e) => errors.push(e));
    let terminal: unknown;
    conn.messages$.subscribe({ error: (e) => (terminal = e) });
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++) {
      fake.last.fail();
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(fake.sockets).toHaveLength(3);
    expect(conn.state).toBe('closed');
    expect((terminal as RxwireError).message).toMatch(/Gave up after 2 failed reconnect attempts/);
    expect(errors.at(-1)).toBe(terminal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with reconnect: false a lost connection is terminal', async () => {
    const { conn } = open({ reconnect: false });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    fake.last.serverClose(1011, 'oops', true);
    expect(conn.state).toBe('closed');
    expect(fake.sockets).toHaveLength(1);
  });

  it('times out an attempt that never opens and retries', async () => {
    const { errors } = open({ connectTimeoutMs: 2000 }, true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.sockets[0]?.closedBy).toBe('terminate');
    expect(errors[0]?.code).toBe('TRANSPORT_TIMEOUT');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.sockets).toHaveLength(2);
  });

  it('leaves a no-op error handler on a socket it dropped (ws throws errors nobody listens to)', async () => {
    open({ connectTimeoutMs: 100 }, true);
    await vi.advanceTimersByTimeAsync(100);
    const dropped = fake.sockets[0];
    expect(dropped?.closedBy).toBe('terminate');
    expect(dropped?.onerror).toBeTypeOf('function');
    expect(() => dropped?.onerror?.({ error: new Error('closed before established') })).not.toThrow();
  });

  it('carries the socket error as the cause of a failed attempt', async () => {
    const { errors } = open();
    await vi.advanceTimersByTimeAsync(0);
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:1');
    fake.last.fail(refused);
    expect(errors[0]?.code).toBe('CONNECTION_LOST');
    expect(errors[0]?.cause).toBe(refused);
  });
});

describe('webSocketConnection: heartbeat', () => {
  it('pings after a quiet interval and replaces a socket that shows no life', async () => {
    const { errors, closes } = open({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } }, true);
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.closedBy).toBe('terminate');
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_TIMEOUT']);
    expect(closes).toEqual([{ code: 1006, reason: 'heartbeat timeout', wasClean: false }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.sockets).toHaveLength(2);
  });

  it('a pong or any inbound message keeps the socket', async () => {
    const { errors } = open({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } }, true);
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      socket.pong();
      await vi.advanceTimersByTimeAsync(500);
    }
    for (let i = 0; i < 5; i++) {
      socket.receive('{}');
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(errors).toEqual([]);
    expect(socket.closedBy).toBeUndefined();
    expect(socket.pings).toBe(5);
  });

  it('a late pong from a replaced socket does not keep the new one', async () => {
    const { closes } = open({ heartbeat: { intervalMs: 1000, timeoutMs: 500 }, reconnect: { initialDelayMs: 10 } }, true);
    await vi.advanceTimersByTimeAsync(0);
    const first = fake.last;
    first.open();
    first.serverClose(1001, 'going away');
    await vi.advanceTimersByTimeAsync(10);
    const second = fake.last;
    expect(second).not.toBe(first);
    second.open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.pings).toBe(1);
    first.pong();
    await vi.advanceTimersByTimeAsync(500);
    expect(second.closedBy).toBe('terminate');
    expect(closes.at(-1)).toEqual({ code: 1006, reason: 'heartbeat timeout', wasClean: false });
  });

  it('uses the application ping where there are no ping frames (browsers)', async () => {
    const { conn } = open({ heartbeat: { intervalMs: 1000, timeoutMs: 500, ping: () => ({ type: 'ping' }) } });
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.sent).toEqual(['{"type":"ping"}']);
    socket.receive('{"type":"pong"}');
    await vi.advanceTimersByTimeAsync(500);
    expect(conn.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(1500);
    expect(conn.state).toBe('reconnecting');
  });

  it('does nothing without ping frames or a ping hook', async () => {
    const { conn } = open({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(conn.state).toBe('connected');
  });
});

describe('webSocketConnection: sending', () => {
  it('queues while connecting and flushes in order on open, before "connected" is seen', async () => {
    const { conn } = open();
    expect(conn.send({ n: 1 })).toBe(true);
    expect(conn.send({ n: 2 })).toBe(true);
    expect(conn.pendingSendCount).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    let sentAtConnected: unknown[] = [];
    conn.state$.subscribe((s) => {
      if (s === 'connected') sentAtConnected = [...fake.last.sent];
    });
    fake.last.open();
    expect(sentAtConnected).toEqual(['{"n":1}', '{"n":2}']);
    conn.send({ n: 3 });
    expect(fake.last.sent).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(conn.pendingSendCount).toBe(0);
  });

  it.each([
    ['drop-oldest', true, ['{"n":2}', '{"n":3}'], 0],
    ['drop-newest', false, ['{"n":1}', '{"n":2}'], 0],
    ['error', false, ['{"n":1}', '{"n":2}'], 1],
  ] as const)('overflow %s: send returns %s, keeps %j, reports %i errors', async (overflow, accepted, kept, errorCount) => {
    const { conn, errors } = open({ sendBuffer: { limit: 2, overflow } });
    const drops: number[] = [];
    conn.drops$.subscribe((d) => drops.push(d));
    conn.send({ n: 1 });
    conn.send({ n: 2 });
    expect(conn.send({ n: 3 })).toBe(accepted);
    expect(conn.droppedCount).toBe(1);
    expect(drops).toEqual([0, 1]);
    expect(errors.filter((e) => e.code === 'BUFFER_OVERFLOW')).toHaveLength(errorCount);
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    expect(fake.last.sent).toEqual(kept);
  });

  it('holds sends above the high watermark and resumes below the low one, in order', async () => {
    const { conn } = open({ highWaterMark: 100, lowWaterMark: 50 });
    await vi.advanceTimersByTimeAsync(0);
    const socket = fake.last;
    socket.open();
    socket.bufferedAmount = 100;
    conn.send('a');
    conn.send('b');
    expect(socket.sent).toEqual([]);
    expect(conn.pendingSendCount).toBe(2);
    socket.bufferedAmount = 80;
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.sent).toEqual([]);
    socket.bufferedAmount = 10;
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.sent).toEqual(['"a"', '"b"']);
    conn.send('c');
    expect(socket.sent).toEqual(['"a"', '"b"', '"c"']);
  });

  it('prepare() encodes once and the prepared message can be sent many times', async () => {
    const stringify = vi.fn(JSON.stringify);
    const { conn } = open({ codec: (await import('./codec.js')).jsonCodec({ stringify }) });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    const prepared = conn.prepare({ hello: 'world' });
    conn.send(prepared);
    conn.send(prepared);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(fake.last.sent).toEqual(['{"hello":"world"}', '{"hello":"world"}']);
  });

  it('never throws: an unencodable message and a send after close return false with an error', async () => {
    const { conn, errors } = open();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(conn.send(circular)).toBe(false);
    expect(errors[0]?.code).toBe('ENCODE_FAILED');
    conn.send({ lost: true });
    conn.close();
    expect(conn.droppedCount).toBe(1);
    const late = conn.send({ late: true });
    expect(late).toBe(false);
  });
});

describe('webSocketConnection: errors nobody observes', () => {
  it('go to the logger with credentials redacted', async () => {
    fake = createFakeWebSocket();
    const logger = vi.fn();
    const conn = webSocketConnection({ url: 'ws://bob:hunter2@host/ws?token=s3cret', WebSocket: fake.WebSocket, logger });
    connection = conn;
    await vi.advanceTimersByTimeAsync(0);
    fake.last.fail(new Error('refused by ws://bob:hunter2@host/ws?token=s3cret'));
    expect(logger).toHaveBeenCalledTimes(1);
    const logged = String(logger.mock.calls[0]?.[0]);
    expect(logged).toMatch(/CONNECTION_LOST|ConnectionLostError/);
    expect(logged).not.toMatch(/hunter2|s3cret/);
  });
});

describe('toWebSocketUrl', () => {
  it('swaps only http and https', () => {
    expect(toWebSocketUrl('http://a/b')).toBe('ws://a/b');
    expect(toWebSocketUrl('HTTPS://a/b')).toBe('wss://a/b');
    expect(toWebSocketUrl('ws://a/b')).toBe('ws://a/b');
  });
});

describe('webSocketConnection: network status', () => {
  function fakeNetwork(online: boolean) {
    const listeners = new Set<(online: boolean) => void>();
    return {
      online,
      isOnline() {
        return this.online;
      },
      subscribe(listener: (online: boolean) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      set(value: boolean) {
        this.online = value;
        listeners.forEach((l) => l(value));
      },
      get listeners() {
        return listeners.size;
      },
    };
  }

  it('holds reconnect attempts while offline and retries at once when back online', async () => {
    const network = fakeNetwork(true);
    const { conn } = open({ network, reconnect: { initialDelayMs: 60_000 } });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    network.set(false);
    fake.last.serverClose(1006, '', false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fake.sockets).toHaveLength(1);
    expect(conn.state).toBe('reconnecting');
    network.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(2);
  });

  it('going offline cancels a scheduled attempt; online skips the rest of the backoff', async () => {
    const network = fakeNetwork(true);
    open({ network, reconnect: { initialDelayMs: 60_000 } });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.fail();
    network.set(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fake.sockets).toHaveLength(1);
    network.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(2);
  });

  it('stops listening to the network when closed', async () => {
    const network = fakeNetwork(true);
    const { conn } = open({ network });
    expect(network.listeners).toBe(1);
    conn.close();
    expect(network.listeners).toBe(0);
  });
});
