// Property test of the pure session engine under random interleavings: app actions (subscribe,
// unsubscribe, publish), server answers (success, denial, unknown client), transport failures,
// repeated replies and time. Afterwards a healthy server answers everything: every publish has
// settled exactly once, every channel the app still wants is confirmed, nothing else is, and
// after disconnect no timer is left.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectionLostError, type RxwireError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxMessage } from '../message.js';
import { createTestSession, portsFor } from '../testing/sessionHost.js';
import { soak } from '@rxwire/test-support/soak';

const CHANNELS = ['/a', '/b', '/c/*'] as const;

type Op =
  | { kind: 'subscribe' | 'unsubscribe'; channel: number }
  | { kind: 'publish' }
  | { kind: 'answer' | 'fail' | 'repeat'; pick: number }
  | { kind: 'deny'; pick: number; unknownClient: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'event'; channel: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('subscribe' as const, 'unsubscribe' as const), channel: fc.nat({ max: 2 }) }),
  fc.constant({ kind: 'publish' as const }),
  fc.record({ kind: fc.constantFrom('answer' as const, 'fail' as const, 'repeat' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('deny' as const), pick: fc.nat(), unknownClient: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant('event' as const), channel: fc.nat({ max: 2 }) }),
);

function harness() {
  const clock = new VirtualClock();
  const outstanding: BayeuxMessage[] = [];
  const answered: BayeuxMessage[] = [];
  const errors: RxwireError[] = [];
  const confirmed = new Map<string, boolean>();
  const denied = new Set<string>();
  /** The id of the latest subscribe request per channel: only its answer decides. */
  const latestSubscribe = new Map<string, string>();
  let clients = 0;
  let closed = false;
  const session = createTestSession(
    {
      clock,
      random: () => 0.5,
      connectionTypes: ['long-polling'],
      connectionTimeoutMs: null,
      connectionTimeoutExplicit: false,
      reconnect: { initialDelayMs: 10, maxDelayMs: 200 },
      requestTimeoutMs: 2000,
      connectTimeoutMarginMs: 1000,
    },
    portsFor({
      send: (m) => {
        if (m.channel === '/meta/subscribe') latestSubscribe.set(m.subscription as string, m.id as string);
        outstanding.push(m);
      },
      reset: () => undefined,
      onState: () => undefined,
      onConnectionType: () => undefined,
      onEvent: () => undefined,
      onSubscribed: (c, s) => confirmed.set(c, s),
      onSubscribeDenied: (c) => denied.add(c),
      onError: (e) => errors.push(e),
      onClosed: () => (closed = true),
    }),
  );
  /** A successful reply, as a healthy server would send it. */
  const success = (m: BayeuxMessage): BayeuxMessage => {
    const reply: BayeuxMessage = { channel: m.channel, id: m.id as string, successful: true };
    if (m.channel === '/meta/handshake') {
      reply.clientId = `client${++clients}`;
      reply.supportedConnectionTypes = ['long-polling'];
      reply.advice = { reconnect: 'retry', interval: 0, timeout: 5000 };
    }
    if (m.channel === '/meta/subscribe' || m.channel === '/meta/unsubscribe') reply.subscription = m.subscription as string;
    return reply;
  };
  const take = (pick: number): BayeuxMessage | undefined => {
    if (outstanding.length === 0) return undefined;
    const [m] = outstanding.splice(pick % outstanding.length, 1);
    return m;
  };
  return { clock, session, outstanding, answered, errors, confirmed, denied, latestSubscribe, success, take, closed: () => closed };
}

describe('BayeuxSession under random interleavings', () => {
  it('settles every publish once and ends with exactly the wanted subscriptions confirmed', { timeout: 120_000 }, async () => {
    let publishes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
        const h = harness();
        const wanted = new Set<string>();

        const outcomes: Array<{ ok: number; failed: number }> = [];
        h.session.start();
        for (const o of ops) {
          switch (o.kind) {
            case 'subscribe': {
              const channel = CHANNELS[o.channel] as string;
              h.denied.delete(channel);
              wanted.add(channel);
              h.session.subscribe(channel);
              break;
            }
            case 'unsubscribe': {
              const channel = CHANNELS[o.channel] as string;
              wanted.delete(channel);
              h.session.unsubscribe(channel);
              break;
            }
            case 'publish': {
              const record = { ok: 0, failed: 0 };
              outcomes.push(record);
              h.session.publish('/p', outcomes.length).then(
                () => record.ok++,
                () => record.failed++,
              );
              break;
            }
            case 'answer': {
              const m = h.take(o.pick);
              if (m) {
                h.answered.push(m);
                h.session.inbound.receive([h.success(m)]);
              }
              break;
            }
            case 'deny': {
              const m = h.take(o.pick);
              if (m) {
                h.answered.push(m);
                const error = o.unknownClient ? '402::session_unknown' : `403:${String(m.subscription ?? m.channel)}:denied`;
                const reply: BayeuxMessage = { channel: m.channel, id: m.id as string, successful: false, error };
                if (o.unknownClient) reply.advice = { reconnect: 'handshake', interval: 0 };
                // A denied handshake ends the session for good; leave handshakes to the other ops.
                if (m.channel === '/meta/handshake') h.session.inbound.receive([h.success(m)]);
                else {
                  const sub = m.subscription as string;
                  const deniedBefore = h.denied.has(sub);
                  h.session.inbound.receive([reply]);
                  // Only the answer to the latest subscribe request of a channel may deny it: a
                  // stale one (sent before an unsubscribe and a new subscribe) must not.
                  if (!deniedBefore && h.denied.has(sub)) expect(h.latestSubscribe.get(sub)).toBe(m.id);
                }
              }
              break;
            }
            case 'fail': {
              const m = h.take(o.pick);
              if (m) h.session.inbound.fail([m], new ConnectionLostError('cut'));
              break;
            }
            case 'repeat': {
              const m = h.answered[o.pick % Math.max(1, h.answered.length)];
              if (m) h.session.inbound.receive([h.success(m)]);
              break;
            }
            case 'advance':
              h.clock.advance(o.ms);
              break;
            case 'event':
              h.session.inbound.receive([{ channel: CHANNELS[o.channel]?.replace('*', 'x') as string, data: 1 }]);
              break;
          }
          expect(h.closed()).toBe(false);
        }
        // A healthy server from now on: answer everything (held connects return, as they do after
        // advice.timeout) until three rounds in a row carry nothing but a connect.
        let quiet = 0;
        for (let round = 0; round < 200 && quiet < 3; round++) {
          const pending = h.outstanding.splice(0);
          quiet = pending.length > 0 && pending.every((m) => m.channel === '/meta/connect') && h.session.isConnected ? quiet + 1 : 0;
          for (const m of pending) h.session.inbound.receive([h.success(m)]);
          h.clock.advance(500);
        }
        expect(h.session.isConnected).toBe(true);
        for (const channel of CHANNELS) {
          const expected = wanted.has(channel) && !h.denied.has(channel);
          expect({ channel, confirmed: h.confirmed.get(channel) ?? false }).toEqual({ channel, confirmed: expected });
        }
        expect(h.errors.filter((e) => e.code === 'INTERNAL')).toEqual([]);
        const done = h.session.disconnect();
        for (const m of h.outstanding.splice(0)) h.session.inbound.receive([h.success(m)]);
        void done;
        expect(h.closed()).toBe(true);
        expect(h.clock.pendingTimers).toBe(0);
        publishes += outcomes.length;
        await Promise.resolve();
        for (const o of outcomes) expect(o.ok + o.failed).toBe(1);
      }),
      { numRuns: soak ? 20_000 : 1000 },
    );
    console.log(`bayeux session fuzz: ${soak ? 20_000 : 1000} random interleavings, ${publishes} publishes, each settled once`);
  });
});
