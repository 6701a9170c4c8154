import { describe, expect, it } from 'vitest';
import type { RxwireError } from '@rxwire/core';
import { ConnectionLostError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxMessage } from '../message.js';
import { createTestSession, portsFor } from '../testing/sessionHost.js';

function setup() {
  const clock = new VirtualClock();
  const sent: BayeuxMessage[] = [];
  const errors: RxwireError[] = [];
  const subscribed: Array<[string, boolean]> = [];
  const session = createTestSession(
    {
      clock,
      random: () => 0.5,
      connectionTypes: ['long-polling'],
      connectionTimeoutMs: null,
      connectionTimeoutExplicit: false,
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    },
    portsFor({
      send: (m) => sent.push(m),
      reset: () => undefined,
      onState: () => undefined,
      onConnectionType: () => undefined,
      onEvent: () => undefined,
      onSubscribed: (c, s) => subscribed.push([c, s]),
      onSubscribeDenied: () => undefined,
      onError: (e) => errors.push(e),
      onClosed: () => undefined,
    }),
  );
  const last = (channel: string) => sent.filter((m) => m.channel === channel).at(-1) as BayeuxMessage;
  const reply = (channel: string, fields: Partial<BayeuxMessage> = {}) =>
    session.inbound.receive([{ channel, id: last(channel).id as string, successful: true, ...fields }]);
  return { clock, sent, errors, subscribed, session, last, reply };
}

describe('BayeuxSession after a lost connection', () => {
  it('asks for an immediate reply to the next connect, then renews the subscriptions, then holds connects again', () => {
    const t = setup();
    t.session.start();
    t.reply('/meta/handshake', { clientId: 'c1', supportedConnectionTypes: ['long-polling'], advice: { reconnect: 'retry', interval: 0, timeout: 45_000 } });
    t.session.subscribe('/a');
    t.reply('/meta/connect');
    t.reply('/meta/subscribe');
    t.clock.advance(0);
    const held = t.last('/meta/connect');
    expect(held.advice).toBeUndefined();
    // The held connect dies with its node (a failover to another node that keeps the client id).
    t.session.inbound.fail([held], new ConnectionLostError('gone'));
    expect(t.subscribed.at(-1)).toEqual(['/a', false]);
    t.clock.advance(10);
    const retry = t.last('/meta/connect');
    expect(retry.id).not.toBe(held.id);
    expect(retry.advice).toEqual({ timeout: 0 });
    expect(retry.clientId).toBe('c1');
    t.reply('/meta/connect');
    const resubscribe = t.last('/meta/subscribe');
    expect(resubscribe.subscription).toBe('/a');
    t.reply('/meta/subscribe');
    expect(t.subscribed.at(-1)).toEqual(['/a', true]);
    t.clock.advance(0);
    expect(t.last('/meta/connect').advice).toBeUndefined();
  });
});

describe('BayeuxSession and answers to older subscribe requests', () => {
  it('lets only the latest subscribe request of a channel decide (a stale denial is ignored)', () => {
    const t = setup();
    t.session.start();
    t.reply('/meta/handshake', { clientId: 'c1', supportedConnectionTypes: ['long-polling'], advice: { reconnect: 'retry', interval: 0, timeout: 45_000 } });
    t.reply('/meta/connect');
    t.session.subscribe('/a');
    const first = t.last('/meta/subscribe');
    t.session.unsubscribe('/a');
    t.session.subscribe('/a');
    const second = t.last('/meta/subscribe');
    expect(second.id).not.toBe(first.id);
    // The server denied the first request (say, an expired token), then accepted the second.
    t.session.inbound.receive([{ channel: '/meta/subscribe', id: first.id as string, successful: false, error: '403:/a:denied' }]);
    t.session.inbound.receive([{ channel: '/meta/subscribe', id: second.id as string, successful: true, subscription: '/a' }]);
    expect(t.subscribed.at(-1)).toEqual(['/a', true]);
  });
});
