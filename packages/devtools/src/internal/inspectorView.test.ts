import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@rxwire/core';
import { emptySnapshot } from '../testing/fakeInspectable.js';
import { defaultLimits, initialView, matchesFilter, previewOf, rateOf, roleOf, withEvent, withPaused, withRole, withSnapshot, withoutFrames } from './inspectorView.js';

const limits = { ...defaultLimits, maxFrames: 3, maxFinishedCalls: 2, rateWindow: 3 };
const channel = (name: string, messages: number) => ({ name, observers: 1, subscribed: true, status: 'live' as const, messages, pending: 0 });
const frame = (at: number, data: unknown, extra: Partial<WireEvent> = {}): WireEvent => ({ at, dir: 'in', kind: 'frame', data, ...extra });

describe('inspectorView', () => {
  it('takes channels, counters and calls in flight from the snapshot', () => {
    const view = initialView(emptySnapshot({ channels: [channel('/a', 4)], calls: [{ id: 1, method: 'add', startedAt: 5 }], reconnects: 2 }), 0, limits);
    expect(view.snapshot.channels.map((c) => c.name)).toEqual(['/a']);
    expect(view.inFlight).toEqual([{ id: 1, method: 'add', startedAt: 5 }]);
    expect(view.snapshot.reconnects).toBe(2);
    expect(view.frames).toEqual([]);
  });

  it('works out each channel rate from the message counts of the last refreshes', () => {
    let view = initialView(emptySnapshot({ channels: [channel('/a', 0)] }), 0, limits);
    expect(view.rates.get('/a')).toBe(0);
    view = withSnapshot(view, emptySnapshot({ channels: [channel('/a', 10)] }), 1000, limits);
    expect(view.rates.get('/a')).toBe(10);
    view = withSnapshot(view, emptySnapshot({ channels: [channel('/a', 30)] }), 2000, limits);
    expect(view.rates.get('/a')).toBe(15);
    // The window holds three samples: the first one (0 at 0 ms) drops out.
    view = withSnapshot(view, emptySnapshot({ channels: [channel('/a', 30)] }), 3000, limits);
    expect(view.rates.get('/a')).toBe(10);
    // A channel that closed is forgotten.
    view = withSnapshot(view, emptySnapshot({ channels: [] }), 4000, limits);
    expect(view.rates.has('/a')).toBe(false);
  });

  it('rateOf is 0 without two samples apart in time', () => {
    expect(rateOf([])).toBe(0);
    expect(rateOf([{ at: 5, messages: 3 }])).toBe(0);
    expect(rateOf([{ at: 5, messages: 3 }, { at: 5, messages: 9 }])).toBe(0);
  });

  it('follows state events and error events at once', () => {
    let view = initialView(emptySnapshot({ state: 'connected' }), 0, limits);
    view = withEvent(view, { at: 1, dir: 'in', kind: 'state', data: 'reconnecting' }, limits);
    expect(view.snapshot.state).toBe('reconnecting');
    view = withEvent(view, { at: 2, dir: 'in', kind: 'state', data: 'not a state' }, limits);
    expect(view.snapshot.state).toBe('reconnecting');
    view = withEvent(view, { at: 3, dir: 'in', kind: 'error', data: { code: 'CONNECTION_LOST', message: 'gone' } }, limits);
    expect(view.lastError).toEqual({ code: 'CONNECTION_LOST', message: 'gone' });
  });

  it('moves a call from in flight to recent when its reply comes, with latency and outcome', () => {
    let view = initialView(emptySnapshot(), 0, limits);
    view = withEvent(view, { at: 100, dir: 'out', kind: 'call', id: 7, channel: 'add', data: { a: 1 } }, limits);
    expect(view.inFlight).toEqual([{ id: 7, method: 'add', startedAt: 100 }]);
    view = withEvent(view, { at: 142, dir: 'in', kind: 'reply', id: 7, data: 3 }, limits);
    expect(view.inFlight).toEqual([]);
    expect(view.finished).toEqual([{ id: 7, method: 'add', at: 142, latencyMs: 42, ok: true }]);
    // The client's own latency and outcome win over the panel's arithmetic.
    view = withEvent(view, { at: 200, dir: 'out', kind: 'call', id: 8, channel: 'div', data: {} }, limits);
    view = withEvent(view, { at: 250, dir: 'in', kind: 'reply', id: 8, latencyMs: 49, ok: false, data: { message: 'division by zero' } }, limits);
    expect(view.finished[0]).toEqual({ id: 8, method: 'div', at: 250, latencyMs: 49, ok: false });
    view = withEvent(view, { at: 300, dir: 'in', kind: 'reply', id: 9, channel: 'late', latencyMs: 5, data: 1 }, limits);
    expect(view.finished.map((c) => c.id)).toEqual([9, 8]);
  });

  it('keeps the last maxFrames events, in order', () => {
    let view = initialView(emptySnapshot(), 0, limits);
    for (let i = 0; i < 5; i++) view = withEvent(view, frame(i, { n: i }), limits);
    expect(view.frames.map((f) => f.event.at)).toEqual([2, 3, 4]);
    expect(view.frames.map((f) => f.seq)).toEqual([2, 3, 4]);
    expect(view.frames[2]?.preview).toBe('{"n":4}');
    expect(withoutFrames(view).frames).toEqual([]);
  });

  it('while paused, counts events instead of logging them; resuming logs again', () => {
    let view = initialView(emptySnapshot(), 0, limits);
    view = withEvent(view, frame(1, 'first'), limits);
    view = withPaused(view, true);
    view = withEvent(view, frame(2, 'second'), limits);
    view = withEvent(view, { at: 3, dir: 'in', kind: 'state', data: 'closed' }, limits);
    expect(view.frames.map((f) => f.preview)).toEqual(['first']);
    expect(view.missedWhilePaused).toBe(2);
    // The state still changed: pausing freezes the log, not the panel.
    expect(view.snapshot.state).toBe('closed');
    view = withPaused(view, false);
    view = withEvent(view, frame(4, 'third'), limits);
    expect(view.frames.map((f) => f.preview)).toEqual(['first', 'third']);
    expect(view.missedWhilePaused).toBe(0);
  });

  it('filters on every word, across direction, kind, channel, id and payload', () => {
    let view = initialView(emptySnapshot(), 0, limits);
    view = withEvent(view, frame(1, { text: 'Hello' }, { channel: '/chat/demo' }), limits);
    const [entry] = view.frames;
    if (!entry) throw new Error('no entry');
    expect(matchesFilter(entry, '')).toBe(true);
    expect(matchesFilter(entry, 'chat')).toBe(true);
    expect(matchesFilter(entry, 'IN frame hello')).toBe(true);
    expect(matchesFilter(entry, 'out')).toBe(false);
    expect(matchesFilter(entry, 'chat bye')).toBe(false);
  });

  it('previews data as one line of JSON, cut short, errors by name and message, cycles by String()', () => {
    expect(previewOf(undefined, 10)).toBe('');
    expect(previewOf('text', 10)).toBe('text');
    expect(previewOf({ a: 'abcdefghijkl' }, 10)).toBe('{"a":"abc…');
    expect(previewOf(new TypeError('bad'), 100)).toBe('{"name":"TypeError","message":"bad"}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(previewOf(cyclic, 100)).toBe('[object Object]');
  });

  it("shows role$'s role where there is one, else the snapshot's", () => {
    let view = initialView(emptySnapshot({ role: 'alone' }), 0, limits);
    expect(roleOf(view)).toBe('alone');
    view = withRole(view, 'leader');
    expect(roleOf(view)).toBe('leader');
    view = withSnapshot(view, emptySnapshot({ role: 'follower' }), 1, limits);
    expect(roleOf(view)).toBe('leader');
  });
});
