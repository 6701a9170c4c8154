import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveCredentials } from './credentials.js';
import type { Connection } from './connection.js';
import type { RxwireError } from './errors.js';
import { createFakeWebSocket, type FakeWebSocketFactory } from './testing/index.js';
import { toWebSocketUrl } from './toWebSocketUrl.js';
import { webSocketConnection } from './webSocketConnection.js';

describe('resolveCredentials', () => {
  it('passes plain values through at once (no promise, so a plain URL opens in the same tick)', () => {
    expect(resolveCredentials({ url: 'http://a/b', headers: { A: '1' } })).toEqual({ url: 'http://a/b', headers: { A: '1' } });
  });

  it('calls sync and async functions each time, and normalises the url', async () => {
    let n = 0;
    const sources = { url: () => `https://a/b?token=${++n}`, headers: async () => ({ Authorization: `Bearer ${n}` }) };
    expect(await resolveCredentials(sources, { toUrl: toWebSocketUrl })).toEqual({ url: 'wss://a/b?token=1', headers: { Authorization: 'Bearer 1' } });
    expect(await resolveCredentials(sources)).toEqual({ url: 'https://a/b?token=2', headers: { Authorization: 'Bearer 2' } });
  });

  it('rejects with what a function threw, also synchronously', async () => {
    const failure = new Error('token service down');
    const call = resolveCredentials({
      url: () => {
        throw failure;
      },
    });
    await expect(call).rejects.toBe(failure);
  });
});

describe('webSocketConnection with credential functions', () => {
  let fake: FakeWebSocketFactory;
  let connection: Connection<unknown> | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    fake = createFakeWebSocket();
  });
  afterEach(() => {
    connection?.close();
    vi.useRealTimers();
  });

  it('calls a headers function before every attempt and puts its headers on the upgrade (Node)', async () => {
    let n = 0;
    connection = webSocketConnection({
      url: () => 'ws://test.invalid/ws',
      headers: async () => ({ Authorization: `Bearer ${++n}` }),
      WebSocket: fake.WebSocket,
      random: () => 0.5,
    });
    connection.errors$.subscribe();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.last.nodeOptions).toEqual({ headers: { Authorization: 'Bearer 1' } });
    fake.last.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.sockets).toHaveLength(2);
    expect(fake.last.nodeOptions).toEqual({ headers: { Authorization: 'Bearer 2' } });
  });

  it('counts a rejecting headers function as a failed attempt: its error is the cause, and backoff applies', async () => {
    let calls = 0;
    const failure = new Error('refresh token expired');
    connection = webSocketConnection({
      url: 'ws://test.invalid/ws',
      headers: () => {
        calls++;
        return Promise.reject(failure);
      },
      WebSocket: fake.WebSocket,
      random: () => 0.5,
      reconnect: { initialDelayMs: 1000, factor: 2 },
    });
    const errors: RxwireError[] = [];
    connection.errors$.subscribe((error) => errors.push(error));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(errors[0]?.code).toBe('CONNECTION_LOST');
    expect(errors[0]?.cause).toBe(failure);
    expect(connection.state).toBe('reconnecting');
    // Full jitter at random 0.5: 500 ms, then 1000 ms. Nothing runs before each delay is over.
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    expect(fake.sockets).toHaveLength(0);
  });
});
