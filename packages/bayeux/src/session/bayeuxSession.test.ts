import { describe, expect, it } from 'vitest';
import { ConnectionLostError, type ConnectionState, type RxwireError } from '@rxwire/core';
import { createTestSession, portsFor, type TestSessionOptions } from '../testing/sessionHost.js';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxError } from '../bayeuxError.js';

function setup(options: Partial<TestSessionOptions> = {}) {
  const clock = new VirtualClock();
  const sent: Array<BayeuxMessage & { via: ConnectionType }> = [];
  const states: ConnectionState[] = [];
  const events: BayeuxMessage[] = [];
  const errors: RxwireError[] = [];
  const subscribed: Array<[string, boolean]> = [];
  const denied: Array<[string, BayeuxError]> = [];
  const resets: ConnectionType[] = [];
  const opens: ConnectionType[] = [];
  const types: Array<ConnectionType | undefined> = [];
  let closed: { error: RxwireError | undefined } | undefined;
  const session = createTestSession(
    {
      clock,
      random: () => 0.5,
      connectionTypes: ['long-polling'],
      connectionTimeoutMs: 10_000,
      connectionTimeoutExplicit: false,
      ...options,
    },
    portsFor({
      send: (m, via) => sent.push({ ...m, via }),
      reset: (t) => resets.push(t),
      open: (t) => opens.push(t),
      onState: (s) => states.push(s),
      onConnectionType: (t) => types.push(t),
      onEvent: (m) => events.push(m),
      onSubscribed: (c, s) => subscribed.push([c, s]),
      onSubscribeDenied: (c, e) => denied.push([c, e]),
      onError: (e) => errors.push(e),
      onClosed: (error) => (closed = { error }),
    }),
  );
  const last = (channel: string) => {
    const found = sent.filter((m) => m.channel === channel).at(-1);
    if (!found) throw new Error(`nothing sent on ${channel}`);
    return found;
  };
  const reply = (channel: string, fields: Partial<BayeuxMessage> = {}) =>
    session.inbound.receive([{ channel, id: last(channel).id as string, successful: true, ...fields }]);
  const handshake = (fields: Partial<BayeuxMessage> = {}) =>
    reply('/meta/handshake', {
      clientId: 'c1',
      supportedConnectionTypes: ['long-polling', 'websocket'],
      advice: { reconnect: 'retry', interval: 0, timeout: 30_000 },
      ...fields,
    });
  const up = () => {
    session.start();
    handshake();
    reply('/meta/connect');
    clock.advance(0);
  };
  return { clock, sent, states, events, errors, subscribed, denied, resets, opens, types, session, last, reply, handshake, up, closed: () => closed };
}

describe('BayeuxSession', () => {
  it('handshakes with version, connection types and minimumVersion', () => {
    const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
    t.session.start();
    const hs = t.last('/meta/handshake');
    // The first handshake goes over HTTP while the WebSocket opens (see 'first handshake over HTTP' below).
    expect(hs).toMatchObject({ version: '1.0', minimumVersion: '1.0', supportedConnectionTypes: ['websocket', 'long-polling'], via: 'long-polling' });
    expect(hs.clientId).toBeUndefined();
    expect(t.states).toEqual(['connecting']);
  });

  it('sends advice timeout 0 on the first connect only, then loops', () => {
    const t = setup();
    t.session.start();
    t.handshake();
    expect(t.last('/meta/connect')).toMatchObject({ clientId: 'c1', connectionType: 'long-polling', advice: { timeout: 0 } });
    t.reply('/meta/connect');
    expect(t.states).toEqual(['connecting', 'connected']);
    // No interval advised: the next connect goes out with the reply, not after a timer.
    const second = t.last('/meta/connect');
    expect(second.advice).toBeUndefined();
    expect(second.id).not.toBe(t.sent.find((m) => m.channel === '/meta/connect')?.id);
  });

  it('polls again at once only after a successful connect reply; a failed one goes through the backoff', () => {
    const t = setup();
    t.up();
    const count = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    const before = count();
    t.reply('/meta/connect');
    expect(count()).toBe(before + 1);
    t.reply('/meta/connect', { successful: false, error: '500::busy', advice: { reconnect: 'retry' } });
    expect(count()).toBe(before + 1);
    t.clock.advance(0);
    expect(count()).toBe(before + 1);
    t.clock.advance(250); // backoff: random 0.5 of 500
    expect(count()).toBe(before + 2);
    t.session.inbound.fail([t.last('/meta/connect')], new ConnectionLostError('cut'));
    t.clock.advance(0);
    expect(count()).toBe(before + 2);
  });

  it('waits advice.interval between connects, also when advice came earlier', () => {
    const t = setup();
    t.session.start();
    t.handshake({ advice: { reconnect: 'retry', interval: 1000, timeout: 30_000 } });
    t.reply('/meta/connect');
    const count = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    expect(count()).toBe(1);
    t.clock.advance(999);
    expect(count()).toBe(1);
    t.clock.advance(1);
    expect(count()).toBe(2);
    t.reply('/meta/connect'); // no advice in this reply: the interval is kept
    t.clock.advance(999);
    expect(count()).toBe(2);
    t.clock.advance(1);
    expect(count()).toBe(3);
  });

  it('applies per-transport advice', () => {
    const t = setup();
    t.session.start();
    t.handshake({ advice: { reconnect: 'retry', interval: 0, timeout: 30_000, 'long-polling': { interval: 500 } } });
    t.reply('/meta/connect');
    const count = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    t.clock.advance(499);
    expect(count()).toBe(1);
    t.clock.advance(1);
    expect(count()).toBe(2);
  });

  it('treats a held connect without reply after timeout + margin as a network fault', () => {
    const t = setup({ connectTimeoutMarginMs: 1000 });
    t.up();
    const held = t.last('/meta/connect');
    t.clock.advance(30_999);
    expect(t.resets).toEqual([]);
    t.clock.advance(1);
    expect(t.resets).toEqual(['long-polling']);
    expect(t.states.at(-1)).toBe('reconnecting');
    t.clock.advance(10_000);
    const retry = t.last('/meta/connect');
    expect(retry.id).not.toBe(held.id);
    expect(retry.clientId).toBe('c1');
    t.reply('/meta/connect');
    expect(t.states.at(-1)).toBe('connected');
  });

  it('re-handshakes silently on 401 unknown client and resubscribes', () => {
    const t = setup();
    t.session.subscribe('/a/*');
    t.up();
    t.reply('/meta/subscribe');
    expect(t.subscribed).toEqual([['/a/*', true]]);
    t.reply('/meta/connect', { successful: false, error: '401:c1:Unknown client', advice: { reconnect: 'handshake', interval: 0 } });
    t.clock.advance(0);
    expect(t.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(2);
    t.handshake({ clientId: 'c2' });
    t.reply('/meta/connect');
    expect(t.last('/meta/subscribe')).toMatchObject({ clientId: 'c2', subscription: '/a/*' });
    t.reply('/meta/subscribe');
    expect(t.subscribed).toEqual([['/a/*', true], ['/a/*', false], ['/a/*', true]]);
    expect(t.errors).toEqual([]);
    expect(t.closed()).toBeUndefined();
  });

  it('re-handshakes on 402 session_unknown even without advice', () => {
    const t = setup();
    t.up();
    t.reply('/meta/connect', { successful: false, error: '402::session_unknown' });
    t.clock.advance(0);
    expect(t.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(2);
  });

  it('stops on advice reconnect none', () => {
    const t = setup();
    t.up();
    t.reply('/meta/connect', { successful: false, error: '403::denied', advice: { reconnect: 'none' } });
    expect(t.closed()?.error).toMatchObject({ code: 'CONNECT_DENIED', serverError: '403::denied' });
    expect(t.states.at(-1)).toBe('closed');
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('retries with backoff after network failures and keeps the client id', () => {
    const t = setup();
    t.up();
    t.session.inbound.fail([t.last('/meta/connect')], new (class extends Error {})() as unknown as RxwireError);
    expect(t.states.at(-1)).toBe('reconnecting');
    const before = t.sent.length;
    t.clock.advance(250); // backoff: random 0.5 of 500
    expect(t.sent.length).toBe(before + 1);
    expect(t.last('/meta/connect').clientId).toBe('c1');
  });

  it('acks publishes and rejects failed ones with the server error', async () => {
    const t = setup();
    t.up();
    const ok = t.session.publish('/chat', { text: 'hi' });
    expect(t.last('/chat')).toMatchObject({ clientId: 'c1', data: { text: 'hi' } });
    t.reply('/chat');
    await expect(ok).resolves.toMatchObject({ successful: true });
    const bad = t.session.publish('/chat', 1);
    t.reply('/chat', { successful: false, error: '403::publish_denied' });
    await expect(bad).rejects.toMatchObject({ code: 'PUBLISH_FAILED', serverError: '403::publish_denied', name: 'BayeuxError' });
  });

  it('queues publishes until the session is up', async () => {
    const t = setup();
    const p = t.session.publish('/x', 1);
    t.session.start();
    expect(t.sent.some((m) => m.channel === '/x')).toBe(false);
    t.handshake();
    t.reply('/meta/connect');
    t.reply('/x');
    await expect(p).resolves.toBeDefined();
  });

  it('delivers events, also one that arrives before its publish ack', () => {
    const t = setup();
    t.up();
    void t.session.publish('/x', 1);
    const id = t.last('/x').id as string;
    t.session.inbound.receive([{ channel: '/x', data: 1, id }, { channel: '/x', id, successful: true }]);
    expect(t.events).toEqual([{ channel: '/x', data: 1, id }]);
  });

  it('errors a denied subscription only', () => {
    const t = setup();
    t.up();
    t.session.subscribe('/secret');
    t.session.subscribe('/open');
    t.session.inbound.receive([
      { channel: '/meta/subscribe', id: t.sent.find((m) => m.subscription === '/secret')?.id as string, successful: false, error: '403:/secret:denied' },
      { channel: '/meta/subscribe', id: t.sent.find((m) => m.subscription === '/open')?.id as string, successful: true },
    ]);
    expect(t.denied[0]?.[0]).toBe('/secret');
    expect(t.denied[0]?.[1]).toMatchObject({ code: 'SUBSCRIBE_DENIED', serverError: '403:/secret:denied', channel: '/secret' });
    expect(t.subscribed).toEqual([['/open', true]]);
    expect(t.session.isConnected).toBe(true);
  });

  it('unsubscribes on the wire', () => {
    const t = setup();
    t.up();
    t.session.subscribe('/a');
    t.reply('/meta/subscribe');
    t.session.unsubscribe('/a');
    expect(t.last('/meta/unsubscribe')).toMatchObject({ subscription: '/a', clientId: 'c1' });
  });

  it('gives up after connectionTimeoutMs without a session', () => {
    const t = setup({ connectionTimeoutMs: 3000 });
    t.session.start();
    t.clock.advance(3000);
    expect(t.closed()?.error).toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('retries later outages forever unless connectionTimeoutMs was explicit', () => {
    const implicit = setup({ connectionTimeoutMs: 3000 });
    implicit.up();
    implicit.reply('/meta/connect', { successful: false, error: '500::boom', advice: { reconnect: 'retry' } });
    implicit.clock.advance(60_000);
    expect(implicit.closed()).toBeUndefined();
    const explicit = setup({ connectionTimeoutMs: 3000, connectionTimeoutExplicit: true });
    explicit.up();
    explicit.session.inbound.fail([explicit.last('/meta/connect')], new Error('x') as unknown as RxwireError);
    explicit.clock.advance(3000);
    expect(explicit.closed()?.error).toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
  });

  it('fails at once when the server offers no allowed connection type', () => {
    const t = setup({ connectionTypes: ['websocket'] });
    t.session.start();
    t.handshake({ supportedConnectionTypes: ['long-polling'] });
    expect(t.closed()?.error).toMatchObject({ code: 'UNSUPPORTED_CONNECTION_TYPE' });
  });

  it('picks the first preferred type the server offers and falls back when the WebSocket cannot open', () => {
    const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
    t.session.start();
    // No HTTP endpoint for the first handshake: it goes over the WebSocket, which cannot open either.
    t.session.inbound.fail([t.last('/meta/handshake')], new Error('no HTTP') as unknown as RxwireError);
    expect(t.last('/meta/handshake').via).toBe('websocket');
    t.session.inbound.fail([t.last('/meta/handshake')], new Error('refused') as unknown as RxwireError);
    t.clock.advance(1000);
    expect(t.last('/meta/handshake')).toMatchObject({ via: 'long-polling', supportedConnectionTypes: ['long-polling'] });
    t.handshake();
    expect(t.types.at(-1)).toBe('long-polling');
  });

  it('authenticates once on a denied handshake and retries', async () => {
    let calls = 0;
    const t = setup({ authenticate: async () => void calls++ });
    t.session.start();
    t.reply('/meta/handshake', { successful: false, error: '403::bad token' });
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(t.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(2);
    t.reply('/meta/handshake', { successful: false, error: '403::bad token' });
    expect(t.closed()?.error).toMatchObject({ code: 'HANDSHAKE_DENIED', serverError: '403::bad token' });
  });

  it('closes cleanly on a server-side disconnect', () => {
    const t = setup();
    t.up();
    t.session.inbound.receive([{ channel: '/meta/disconnect', successful: true }]);
    expect(t.closed()).toEqual({ error: undefined });
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('disconnects with a goodbye and resolves, leaving no timers', async () => {
    const t = setup();
    t.up();
    const done = t.session.disconnect();
    t.reply('/meta/disconnect');
    await done;
    expect(t.closed()).toEqual({ error: undefined });
    expect(t.clock.pendingTimers).toBe(0);
    const again = setup();
    again.up();
    const d2 = again.session.disconnect(500);
    again.clock.advance(500);
    await d2;
    expect(again.clock.pendingTimers).toBe(0);
  });

  it('holds the next connect while paused, within what the session allows', () => {
    const t = setup();
    t.up();
    t.session.pause();
    t.reply('/meta/connect');
    const count = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    const n = count();
    t.clock.advance(4999);
    expect(count()).toBe(n);
    t.clock.advance(1);
    expect(count()).toBe(n + 1);
  });

  it('reports multiple-clients advice once', () => {
    const t = setup();
    t.session.start();
    t.handshake();
    t.reply('/meta/connect', { advice: { 'multiple-clients': true, interval: 2000 } });
    t.clock.advance(2000);
    t.reply('/meta/connect');
    expect(t.errors.map((e) => e.code)).toEqual(['MULTIPLE_CLIENTS']);
  });

  it('tries the WebSocket again after upgradeAfterMs, keeping the session, and falls back at once if it still fails', () => {
    const t = setup({ connectionTypes: ['websocket', 'long-polling'], upgradeAfterMs: 60_000 });
    t.session.start();
    t.session.inbound.fail([t.last('/meta/handshake')], new Error('no HTTP') as unknown as RxwireError);
    t.session.inbound.fail([t.last('/meta/handshake')], new Error('refused') as unknown as RxwireError);
    t.clock.advance(1000);
    t.handshake();
    t.reply('/meta/connect');
    t.clock.advance(0);
    expect(t.last('/meta/connect').via).toBe('long-polling');
    t.clock.advance(60_000);
    t.reply('/meta/connect');
    t.clock.advance(0);
    expect(t.last('/meta/connect')).toMatchObject({ via: 'websocket', connectionType: 'websocket', clientId: 'c1' });
    expect(t.types.at(-1)).toBe('websocket');
    t.session.inbound.fail([t.last('/meta/connect')], new Error('refused') as unknown as RxwireError);
    t.clock.advance(1000);
    expect(t.last('/meta/connect')).toMatchObject({ via: 'long-polling', clientId: 'c1' });
    expect(t.types.at(-1)).toBe('long-polling');
  });

  it('after an outage in which every type failed, moves back up to the WebSocket at the first connect that works', () => {
    const t = setup({ connectionTypes: ['websocket', 'long-polling'], upgradeAfterMs: 60_000 });
    t.up();
    t.clock.advance(0);
    const refuse = () => t.session.inbound.fail([t.last('/meta/connect')], new Error('refused') as unknown as RxwireError);
    refuse(); // the server went down: the WebSocket dies, then long-polling cannot reach it either
    t.clock.advance(1000);
    refuse();
    t.clock.advance(0);
    refuse();
    t.clock.advance(5000);
    expect(t.last('/meta/connect').via).toBe('websocket');
    refuse(); // still down: long-polling again at once, and the server is back by then
    t.clock.advance(0);
    expect(t.last('/meta/connect').via).toBe('long-polling');
    t.reply('/meta/connect');
    t.clock.advance(0);
    // Long-polling working says nothing against the WebSocket: back up now, not after upgradeAfterMs.
    expect(t.last('/meta/connect')).toMatchObject({ via: 'websocket', connectionType: 'websocket', clientId: 'c1' });
    expect(t.types.at(-1)).toBe('websocket');
  });

  it('delivers x-messages from the handshake reply', () => {
    const t = setup();
    t.session.start();
    t.handshake({ 'x-messages': [{ channel: '/early', data: 'first' }] });
    expect(t.events).toEqual([{ channel: '/early', data: 'first' }]);
  });

  it('ends the session on a network failure when reconnect is off', () => {
    const t = setup({ reconnect: false });
    t.up();
    const error = { code: 'CONNECTION_LOST' } as RxwireError;
    t.session.inbound.fail([t.last('/meta/connect')], error);
    expect(t.closed()?.error).toBe(error);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('sends a publish again after a re-handshake when the server forgot the session', async () => {
    const t = setup();
    t.up();
    const p = t.session.publish('/x', 'again');
    t.reply('/x', { successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake' } });
    t.clock.advance(0);
    t.handshake({ clientId: 'c2' });
    t.reply('/meta/connect');
    expect(t.last('/x')).toMatchObject({ data: 'again', clientId: 'c2' });
    t.reply('/x');
    await expect(p).resolves.toMatchObject({ successful: true });
  });

  it('bounds the publishes waiting for the session', async () => {
    const t = setup({ maxQueuedPublishes: 1 });
    const first = t.session.publish('/x', 1);
    await expect(t.session.publish('/x', 2)).rejects.toMatchObject({ code: 'BUFFER_OVERFLOW' });
    void t.session.disconnect();
    await expect(first).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('backs off more and more while the server keeps refusing connects with retry advice', () => {
    const t = setup({ random: () => 0.99 });
    t.up();
    const count = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.reply('/meta/connect', { successful: false, error: '500::busy', advice: { reconnect: 'retry' } });
      const before = count();
      let waited = 0;
      while (count() === before) {
        t.clock.advance(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays[3]).toBeGreaterThan(delays[0] as number);
    expect(t.closed()).toBeUndefined();
  });

  it('does not stay on long-polling after an outage where nothing could be reached', () => {
    const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
    t.session.start();
    t.handshake();
    t.reply('/meta/connect');
    t.clock.advance(0);
    const refuse = () => t.session.inbound.fail([t.last('/meta/connect')], new Error('refused') as unknown as RxwireError);
    refuse(); // the socket died: retry over the WebSocket after a backoff
    t.clock.advance(1000);
    expect(t.last('/meta/connect').via).toBe('websocket');
    refuse(); // it keeps dying: try long-polling at once
    t.clock.advance(0);
    expect(t.last('/meta/connect').via).toBe('long-polling');
    refuse(); // long-polling cannot reach the server either: it is down, back to the WebSocket
    t.clock.advance(5000);
    expect(t.last('/meta/connect').via).toBe('websocket');
    t.reply('/meta/connect');
    expect(t.types.at(-1)).toBe('websocket');
  });
  it('over a WebSocket, sends waiting subscriptions with the first connect and confirms them once the session is up', () => {
    const t = setup({ connectionTypes: ['websocket'] });
    t.session.subscribe('/a');
    t.session.start();
    t.handshake({ supportedConnectionTypes: ['websocket'] });
    const connect = t.last('/meta/connect');
    const subscribe = t.last('/meta/subscribe');
    expect(Number(subscribe.id)).toBe(Number(connect.id) + 1); // same batch, right after the connect
    t.reply('/meta/subscribe', { subscription: '/a' });
    expect(t.subscribed).toEqual([]); // answered before the connect: not confirmed yet
    t.reply('/meta/connect');
    expect(t.subscribed).toEqual([['/a', true]]);
  });

  it('over long-polling, waits for the first connect reply before subscribing', () => {
    const t = setup();
    t.session.subscribe('/a');
    t.session.start();
    t.handshake();
    expect(t.sent.some((m) => m.channel === '/meta/subscribe')).toBe(false);
    t.reply('/meta/connect');
    expect(t.last('/meta/subscribe')).toMatchObject({ subscription: '/a' });
  });

  describe('network status', () => {
    const lost = new ConnectionLostError('refused');
    const count = (t: ReturnType<typeof setup>, channel: string) => t.sent.filter((m) => m.channel === channel).length;

    it('holds a retry while offline instead of spending its backoff, and runs it at once when back online', () => {
      const t = setup({ reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
      t.up();
      const connects = count(t, '/meta/connect');
      t.session.setOnline(false);
      t.session.inbound.fail([t.last('/meta/connect')], lost);
      t.clock.advance(10 * 60_000);
      expect(count(t, '/meta/connect')).toBe(connects);
      expect(t.states.at(-1)).toBe('reconnecting');
      t.session.setOnline(true);
      expect(count(t, '/meta/connect')).toBe(connects + 1);
      expect(t.last('/meta/connect')).toMatchObject({ clientId: 'c1', advice: { timeout: 0 } });
    });

    it('going offline holds a retry already scheduled; online skips the rest of its delay', () => {
      const t = setup({ reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 }, connectionTimeoutMs: null });
      t.session.start();
      t.session.inbound.fail([t.last('/meta/handshake')], lost);
      t.session.setOnline(false);
      t.clock.advance(10 * 60_000);
      expect(count(t, '/meta/handshake')).toBe(1);
      t.session.setOnline(true);
      expect(count(t, '/meta/handshake')).toBe(2);
      expect(t.clock.pendingTimers).toBeGreaterThan(0); // the new handshake's own reply timeout
    });

    it('back online, restarts a handshake that hung while offline (a socket that neither opens nor fails)', () => {
      const t = setup();
      t.session.start();
      t.session.setOnline(false);
      t.clock.advance(1000);
      t.session.setOnline(true);
      expect(t.resets).toEqual(['long-polling']);
      expect(count(t, '/meta/handshake')).toBe(2);
      t.handshake();
      t.reply('/meta/connect');
      expect(t.states.at(-1)).toBe('connected');
    });

    it('changes nothing while connected, or when told the same twice', () => {
      const t = setup();
      t.up();
      const sent = t.sent.length;
      t.session.setOnline(true);
      t.session.setOnline(false);
      t.session.setOnline(false);
      t.session.setOnline(true);
      expect(t.sent.length).toBe(sent);
      expect(t.resets).toEqual([]);
    });
  });

  describe('first handshake over HTTP while the WebSocket opens', () => {
    const fail = (t: ReturnType<typeof setup>, channel: string) =>
      t.session.inbound.fail([t.last(channel)], new ConnectionLostError('refused'));

    it('opens the WebSocket and handshakes over HTTP at once, then connects and subscribes over the WebSocket', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
      t.session.subscribe('/a');
      t.session.start();
      expect(t.opens).toEqual(['websocket']);
      expect(t.sent.map((m) => [m.channel, m.via])).toEqual([['/meta/handshake', 'long-polling']]);
      expect(t.types).toEqual([]);
      t.handshake({ supportedConnectionTypes: ['websocket', 'long-polling'] });
      // Connect and subscribe together over the (opening) WebSocket: no round trip in between.
      expect(t.sent.slice(1).map((m) => [m.channel, m.via])).toEqual([
        ['/meta/connect', 'websocket'],
        ['/meta/subscribe', 'websocket'],
      ]);
      expect(t.last('/meta/connect')).toMatchObject({ clientId: 'c1', connectionType: 'websocket', advice: { timeout: 0 } });
      expect(t.types.at(-1)).toBe('websocket');
      t.reply('/meta/connect');
      t.reply('/meta/subscribe', { subscription: '/a' });
      expect(t.states.at(-1)).toBe('connected');
      expect(t.subscribed).toEqual([['/a', true]]);
      expect(t.opens).toEqual(['websocket']);
    });

    it('changes nothing when the WebSocket is not first or long-polling not allowed', () => {
      for (const connectionTypes of [['websocket'], ['long-polling'], ['long-polling', 'websocket']] as ConnectionType[][]) {
        const t = setup({ connectionTypes });
        t.session.start();
        expect(t.opens).toEqual([]);
        expect(t.last('/meta/handshake').via).toBe(connectionTypes[0]);
      }
    });

    it('handshakes over the WebSocket at once when the HTTP handshake fails, as no failed attempt', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'], reconnect: { maxAttempts: 0 } });
      t.session.start();
      fail(t, '/meta/handshake');
      // No timer, no error reported, not counted (maxAttempts 0 would have ended the session).
      expect(t.last('/meta/handshake')).toMatchObject({ via: 'websocket', supportedConnectionTypes: ['websocket', 'long-polling'] });
      expect(t.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(2);
      expect(t.errors).toEqual([]);
      expect(t.closed()).toBeUndefined();
      expect(t.opens).toEqual(['websocket']);
      t.handshake();
      expect(t.last('/meta/connect').via).toBe('websocket');
      t.reply('/meta/connect');
      expect(t.states.at(-1)).toBe('connected');
    });

    it('handshakes over the WebSocket when the HTTP handshake gets no reply in time', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'], requestTimeoutMs: 3000 });
      t.session.start();
      t.clock.advance(3000);
      expect(t.resets).toEqual(['long-polling']);
      expect(t.last('/meta/handshake').via).toBe('websocket');
      expect(t.errors).toEqual([]);
    });

    it('falls back to long-polling at once, same session, when the WebSocket cannot be opened', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
      t.session.subscribe('/a');
      t.session.start();
      t.handshake();
      fail(t, '/meta/connect');
      fail(t, '/meta/subscribe');
      t.clock.advance(0);
      expect(t.last('/meta/connect')).toMatchObject({ via: 'long-polling', connectionType: 'long-polling', clientId: 'c1' });
      expect(t.types.at(-1)).toBe('long-polling');
      expect(t.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(1);
      t.reply('/meta/connect');
      expect(t.last('/meta/subscribe')).toMatchObject({ via: 'long-polling', subscription: '/a' });
    });

    it('closes the WebSocket opened beside the handshake when the server offers only long-polling', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
      t.session.start();
      t.handshake({ supportedConnectionTypes: ['long-polling'] });
      expect(t.resets).toEqual(['websocket']);
      expect(t.last('/meta/connect')).toMatchObject({ via: 'long-polling', connectionType: 'long-polling' });
      expect(t.types.at(-1)).toBe('long-polling');
    });

    it('re-handshakes over the WebSocket later (unknown client), as before', () => {
      const t = setup({ connectionTypes: ['websocket', 'long-polling'] });
      t.session.start();
      t.handshake();
      t.reply('/meta/connect');
      t.clock.advance(0);
      t.reply('/meta/connect', { successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake' } });
      t.clock.advance(1000);
      expect(t.sent.filter((m) => m.channel === '/meta/handshake').map((m) => m.via)).toEqual(['long-polling', 'websocket']);
      expect(t.opens).toEqual(['websocket']);
    });
  });
});

describe('BayeuxSession: a handshake denied with advice reconnect "handshake" (issue 16)', () => {
  const denied = { successful: false, error: '403::try later', advice: { reconnect: 'handshake' as const, interval: 0 } };

  it('tries again with backoff, authenticating before each try, until connectionTimeoutMs, then ends with HANDSHAKE_DENIED caused by the last denial', async () => {
    let authentications = 0;
    const t = setup({ authenticate: async () => void authentications++, connectionTimeoutMs: 10_000 });
    t.session.start();
    const handshakes = () => t.sent.filter((m) => m.channel === '/meta/handshake').length;
    for (let i = 0; i < 4; i++) {
      t.reply('/meta/handshake', denied);
      await Promise.resolve();
      await Promise.resolve();
      t.clock.advance(2_000); // past the backoff (random 0.5: 250, 500, 1000 ms...)
    }
    expect(handshakes()).toBe(5);
    expect(authentications).toBe(4);
    expect(t.closed()).toBeUndefined();
    t.clock.advance(10_000);
    const error = t.closed()?.error as BayeuxError;
    expect(error).toMatchObject({ code: 'HANDSHAKE_DENIED' });
    expect(error.message).toMatch(/kept denying the handshake/);
    expect((error.cause as BayeuxError).serverError).toBe('403::try later');
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('without that advice, a denial stays final', () => {
    const t = setup();
    t.session.start();
    t.reply('/meta/handshake', { successful: false, error: '403::no' });
    expect(t.closed()?.error).toMatchObject({ code: 'HANDSHAKE_DENIED', serverError: '403::no' });
  });
});

describe('BayeuxSession: advice values out of range (issue 16)', () => {
  it('waits the clamped ten minutes for an advised interval of 1e12, not 1 ms', () => {
    const t = setup();
    t.session.start();
    t.handshake({ advice: { reconnect: 'retry', interval: 1e12, timeout: 1e12 } });
    t.reply('/meta/connect');
    const connects = () => t.sent.filter((m) => m.channel === '/meta/connect').length;
    const before = connects();
    t.clock.advance(599_999);
    expect(connects()).toBe(before);
    t.clock.advance(1);
    expect(connects()).toBe(before + 1);
  });
});
