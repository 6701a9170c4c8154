import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxMessage } from '../message.js';
import { PendingRequests, type PendingRequest } from './pendingRequests.js';

function setup() {
  const clock = new VirtualClock();
  const timedOut: string[] = [];
  const requests = new PendingRequests(clock, (request: PendingRequest) => timedOut.push(request.message.id as string));
  return { clock, timedOut, requests };
}

describe('PendingRequests', () => {
  it('gives each message a new id and hands the request back once', () => {
    const { requests } = setup();
    const message: BayeuxMessage = { channel: '/a', data: 1 };
    const id = requests.add({ message, via: 'websocket', timeoutMs: 1000 });
    expect(message.id).toBe(id);
    expect(requests.add({ message: { channel: '/b' }, via: 'websocket', timeoutMs: 1000 })).not.toBe(id);
    expect(requests.take(id)?.message).toBe(message);
    expect(requests.take(id)).toBeUndefined();
    expect(requests.abandoned(id)).toBe(false);
  });

  it('times requests out with one timer, earliest deadline first, and marks them abandoned', () => {
    const { clock, timedOut, requests } = setup();
    const slow = requests.add({ message: { channel: '/slow' }, via: 'long-polling', timeoutMs: 5000 });
    const fast = requests.add({ message: { channel: '/fast' }, via: 'long-polling', timeoutMs: 1000 });
    const answered = requests.add({ message: { channel: '/answered' }, via: 'long-polling', timeoutMs: 500 });
    expect(clock.pendingTimers).toBe(1);
    requests.take(answered);
    clock.advance(999);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    expect(timedOut).toEqual([fast]);
    expect(requests.abandoned(fast)).toBe(true);
    expect(requests.abandoned(answered)).toBe(false);
    clock.advance(4000);
    expect(timedOut).toEqual([fast, slow]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('clears the requests of one channel, or all of them and the timer', () => {
    const { clock, timedOut, requests } = setup();
    const connect = requests.add({ message: { channel: '/meta/connect' }, via: 'websocket', timeoutMs: 1000 });
    const publish = requests.add({ message: { channel: '/a' }, via: 'websocket', timeoutMs: 1000 });
    expect(requests.find('/meta/connect')?.message.id).toBe(connect);
    expect(requests.clear('/meta/connect').map((r) => r.message.id)).toEqual([connect]);
    expect(requests.find('/meta/connect')).toBeUndefined();
    expect(requests.abandoned(connect)).toBe(true);
    expect(requests.clear().map((r) => r.message.id)).toEqual([publish]);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(2000);
    expect(timedOut).toEqual([]);
  });

  it('remembers only the most recent abandoned ids', () => {
    const { requests } = setup();
    const first = requests.add({ message: { channel: '/a' }, via: 'websocket', timeoutMs: 1000 });
    requests.abandon(first);
    for (let i = 0; i < 1000; i++) requests.abandon(requests.add({ message: { channel: '/a' }, via: 'websocket', timeoutMs: 1000 }));
    expect(requests.abandoned(first)).toBe(false);
  });
});
