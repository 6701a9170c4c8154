import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import type { RxwireError } from '@rxwire/core';
import { MAX_ADVISED_MS, sanitizeAdvice, toMessageArray } from './message.js';
import { createTestSession, portsFor } from './testing/sessionHost.js';

describe('toMessageArray', () => {
  it('keeps messages and reports every other item', () => {
    const bad: string[] = [];
    const messages = toMessageArray([{ channel: '/a', data: 1 }, 5, null, { data: 2 }, { channel: 3 }, [{ channel: '/b' }]], (_item, why) =>
      bad.push(why),
    );
    expect(messages).toEqual([{ channel: '/a', data: 1 }]);
    expect(bad).toHaveLength(5);
    expect(toMessageArray({ channel: '/one' })).toEqual([{ channel: '/one' }]);
  });
});

describe('sanitizeAdvice', () => {
  it('keeps well-typed fields and drops the rest', () => {
    expect(sanitizeAdvice({ reconnect: 'retry', interval: -1, timeout: 30_000, hosts: ['https://b.example/cometd'] })).toEqual({
      advice: { reconnect: 'retry', interval: -1, timeout: 30_000, hosts: ['https://b.example/cometd'] },
      dropped: false,
    });
    const { advice, dropped } = sanitizeAdvice({
      reconnect: 'sometimes',
      interval: '10',
      timeout: -5,
      hosts: {},
      'multiple-clients': 'yes',
      websocket: { interval: 'x', timeout: 100 },
      custom: 1,
    });
    expect(dropped).toBe(true);
    expect(advice).toEqual({ websocket: { timeout: 100 }, custom: 1 });
    expect(sanitizeAdvice('retry')).toEqual({ advice: undefined, dropped: true });
    expect(sanitizeAdvice({ hosts: ['javascript:alert(1)', 'http://ok.example'] }).advice).toEqual({ hosts: ['http://ok.example'] });
  });

  it('clamps a server\'s waits to ten minutes, nested ones too (1e12 would overflow timers: issue 16)', () => {
    expect(sanitizeAdvice({ timeout: 1e12, interval: 1e12, maxInterval: 1e300, websocket: { timeout: 1e12 } }).advice).toEqual({
      timeout: MAX_ADVISED_MS,
      interval: MAX_ADVISED_MS,
      maxInterval: MAX_ADVISED_MS,
      websocket: { timeout: MAX_ADVISED_MS },
    });
    expect(MAX_ADVISED_MS).toBe(600_000);
  });

  it('never touches a prototype', () => {
    const { advice } = sanitizeAdvice(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"interval":5}'));
    expect(advice).toEqual({ interval: 5 });
    expect(Object.getPrototypeOf(advice)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('BayeuxSession and replies that match no request', () => {
  function setup() {
    const clock = new VirtualClock();
    const sent: Array<{ channel: string; id?: string }> = [];
    const errors: RxwireError[] = [];
    const session = createTestSession(
      { clock, random: () => 0.5, connectionTypes: ['long-polling'], connectionTimeoutMs: null, connectionTimeoutExplicit: false, requestTimeoutMs: 1000 },
      portsFor({
        send: (m) => sent.push(m as { channel: string; id?: string }),
        reset: () => undefined,
        onState: () => undefined,
        onConnectionType: () => undefined,
        onEvent: () => undefined,
        onSubscribed: () => undefined,
        onSubscribeDenied: () => undefined,
        onError: (e) => errors.push(e),
        onClosed: () => undefined,
      }),
    );
    return { clock, sent, errors, session };
  }

  it('skips a late reply to a request that timed out quietly, and reports a repeated or unknown one', () => {
    const { clock, sent, errors, session } = setup();
    session.start();
    const first = sent[0] as { id: string };
    clock.advance(1000); // the handshake timed out (a network failure, reported)
    const timeouts = errors.length;
    session.inbound.receive([{ channel: '/meta/handshake', id: first.id, successful: true, clientId: 'late' }]);
    expect(errors.length).toBe(timeouts);
    expect(session.clientId).toBeUndefined();
    clock.advance(600); // the retry is out (backoff), not yet timed out
    const retry = sent.filter((m) => m.channel === '/meta/handshake').at(-1) as { id: string };
    expect(retry.id).not.toBe(first.id);
    session.inbound.receive([{ channel: '/meta/handshake', id: retry.id, successful: true, clientId: 'c1', supportedConnectionTypes: ['long-polling'] }]);
    expect(session.clientId).toBe('c1');
    session.inbound.receive([{ channel: '/meta/handshake', id: retry.id, successful: true, clientId: 'c2' }]);
    session.inbound.receive([{ channel: '/meta/connect', id: 'never-sent', successful: true }]);
    expect(session.clientId).toBe('c1');
    expect(errors.slice(timeouts).map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME']);
  });
});
