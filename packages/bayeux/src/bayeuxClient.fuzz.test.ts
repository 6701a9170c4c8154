// Property tests: a BayeuxClient (over a scripted WebSocket server, virtual time) fed random and
// malformed server frames. Nothing throws out of the client, no prototype is polluted, no
// subscription or pending publish is lost or settled twice, and each bad frame is reported on errors$.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RxwireError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { BayeuxClient } from './bayeuxClient.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';
import type { BayeuxMessage } from './message.js';
import { notJson } from '@rxwire/test-support/arbitraries';
import { soak } from '@rxwire/test-support/soak';

const runs = (small: number) => (soak ? small * 20 : small);

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const cleanPrototype = prototypeKeys();
afterEach(() => {
  expect(prototypeKeys()).toBe(cleanPrototype);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

async function connectedClient() {
  const clock = new VirtualClock();
  const server = new FakeBayeuxServer(clock);
  const logged: string[] = [];
  const client = new BayeuxClient({
    url: 'http://bayeux.test/cometd',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    random: () => 0.5,
    reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
    logger: (message) => logged.push(message),
  });
  const errors: RxwireError[] = [];
  client.errors$.subscribe((e) => errors.push(e));
  const onA: unknown[] = [];
  const onB: unknown[] = [];
  let channelErrors = 0;
  client.channel('/a').messages$.subscribe({ next: (m) => onA.push(m.data), error: () => channelErrors++ });
  client.channel('/b/*').messages$.subscribe({ next: (m) => onB.push(m.data), error: () => channelErrors++ });
  await server.settle();
  expect(client.state).toBe('connected');
  return { clock, server, client, errors, logged, onA, onB, channelErrors: () => channelErrors };
}

async function disconnect(t: Awaited<ReturnType<typeof connectedClient>>): Promise<void> {
  const done = t.client.disconnect();
  await t.server.settle();
  await done;
}

const anyJson = fc.jsonValue({ maxDepth: 2 });
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const metaChannel = fc.constantFrom('/meta/handshake', '/meta/connect', '/meta/subscribe', '/meta/unsubscribe', '/meta/disconnect', '/meta/whatever');
const someChannel = fc.oneof(metaChannel, fc.constantFrom('/a', '/b/c', '/nobody/listens', '/service/x'));
const odd = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** One frame, and what it must do: 'bad' = exactly one BAD_FRAME report; 'event' = one delivery on /a. */
type Item =
  | { kind: 'bad'; frame: string; what: string }
  | { kind: 'duplicate'; pick: number; fields: Record<string, unknown> }
  | { kind: 'event'; frame: (marker: string) => string };

const item: fc.Arbitrary<Item> = fc.oneof(
  // Not JSON at all.
  notJson.map((frame) => ({ kind: 'bad' as const, frame, what: 'non-JSON' })),
  // JSON of the wrong shape: a bare scalar, or one inside the array.
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 10 }), fc.double()).chain((scalar) =>
    fc.constantFrom(
      { kind: 'bad' as const, frame: JSON.stringify(scalar) ?? 'null', what: 'scalar' },
      { kind: 'bad' as const, frame: JSON.stringify([scalar]) ?? '[null]', what: 'scalar in array' },
    ),
  ),
  // Missing channel, or a channel of the wrong type.
  fc
    .record({ channel: odd(notAString), data: odd(anyJson), id: odd(anyJson), successful: odd(anyJson) })
    .map((m) => ({ kind: 'bad' as const, frame: JSON.stringify([compact(m)]), what: 'no string channel' })),
  // A reply to an id the client never used, with every field of any type.
  fc
    .record({
      channel: someChannel,
      id: fc.oneof(fc.string({ maxLength: 6 }).map((s) => `u${s}`), fc.integer(), fc.constant(null)),
      successful: anyJson,
      clientId: odd(anyJson),
      advice: odd(anyJson),
      error: odd(anyJson),
      data: odd(anyJson),
      ext: odd(anyJson),
    })
    .map((m) => ({ kind: 'bad' as const, frame: JSON.stringify(compact(m)), what: 'unknown id' })),
  // A second reply to a request that was already answered (handshake, subscribe, first connect).
  fc
    .record({ pick: fc.nat(), successful: anyJson, clientId: odd(anyJson), advice: odd(anyJson), error: odd(anyJson) })
    .map(({ pick, ...fields }) => ({ kind: 'duplicate' as const, pick, fields: compact(fields) })),
  // A meta message that is no reply (the server's own /meta/disconnect, without id, is not bad).
  fc
    .record({ channel: metaChannel, data: odd(anyJson), id: odd(fc.string({ maxLength: 4 }).map((s) => `m${s}`)) })
    .filter((m) => !(m.channel === '/meta/disconnect' && m.id === undefined))
    .map((m) => ({ kind: 'bad' as const, frame: JSON.stringify(compact(m)), what: 'meta without reply' })),
  // Neither an event (no data) nor a reply.
  fc
    .record({ channel: fc.constantFrom('/a', '/b/c', '/nobody'), ext: odd(anyJson), clientId: odd(anyJson) })
    .map((m) => ({ kind: 'bad' as const, frame: JSON.stringify(compact(m)), what: 'no data' })),
  // __proto__ and constructor keys where a careless merge would pollute a prototype.
  fc.constantFrom(
    { kind: 'bad' as const, frame: '{"__proto__":{"channel":"/a","polluted":"yes"},"data":1}', what: '__proto__ channel' },
    { kind: 'bad' as const, frame: '[{"channel":"/meta/connect","id":"u1","successful":true,"advice":{"__proto__":{"polluted":"yes"}}}]', what: '__proto__ advice' },
    { kind: 'bad' as const, frame: '{"constructor":{"prototype":{"polluted":"yes"}},"channel":{"__proto__":"x"}}', what: 'constructor' },
  ),
  // Enormous: a 2 MB reply to nobody.
  fc.constant({ kind: 'bad' as const, frame: JSON.stringify({ channel: '/meta/connect', id: 'huge', successful: true, data: 'x'.repeat(2_000_000) }), what: 'enormous' }),
  // Events on /a with odd extra fields (and __proto__ keys): delivered, once each.
  fc.record({ id: odd(anyJson), ext: odd(anyJson), advice: odd(anyJson), clientId: odd(anyJson) }).map((extra) => ({
    kind: 'event' as const,
    frame: (marker: string) => JSON.stringify({ ...compact(extra), channel: '/a', data: marker }),
  })),
  fc.constant({
    kind: 'event' as const,
    frame: (marker: string) => `{"channel":"/a","data":"${marker}","__proto__":{"polluted":"yes"},"ext":{"constructor":{"prototype":{"polluted":"yes"}}}}`,
  }),
);

describe('BayeuxClient fed malformed server frames', () => {
  it('reports each bad frame on errors$, delivers good events once, and loses no subscription or publish', { timeout: 120_000 }, async () => {
    let frames = 0;
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 5 }), async (items, publishes) => {
        const t = await connectedClient();
        const clientId = t.client.clientId;
        const settled: Array<{ ok: number; failed: number }> = [];
        for (let i = 0; i < publishes; i++) {
          const record = { ok: 0, failed: 0 };
          settled.push(record);
          t.client.publish('/b/p', i).then(
            () => record.ok++,
            () => record.failed++,
          );
        }
        // The publishes are on the wire (not yet answered) while the garbage arrives.
        await Promise.resolve();
        await new Promise<void>((resolve) => setImmediate(resolve));
        const socket = t.server.ws.last;
        const answered = t.server.received.filter((m) => m.channel === '/meta/handshake' || m.channel === '/meta/subscribe' || m.channel === '/meta/connect');
        const markers: string[] = [];
        let bad = 0;
        for (const [index, it] of items.entries()) {
          if (it.kind === 'event') {
            const marker = `event-${index}`;
            markers.push(marker);
            socket.receive(it.frame(marker));
          } else if (it.kind === 'duplicate') {
            const original = answered[it.pick % answered.length] as BayeuxMessage;
            // The first connect was answered at once; later ones are held (a reply would be genuine).
            if (original.channel === '/meta/connect' && original.advice === undefined) continue;
            bad++;
            socket.receive(JSON.stringify([{ channel: original.channel, id: original.id, ...it.fields }]));
          } else {
            bad++;
            socket.receive(it.frame);
          }
        }
        await t.server.settle();
        t.server.deliver('/a', 'final');
        await t.server.settle();
        frames += bad;
        const badReports = t.errors.filter((e) => e.code === 'BAD_FRAME');
        reported += badReports.length;

        expect(t.errors.filter((e) => e.code !== 'BAD_FRAME')).toEqual([]);
        expect(badReports).toHaveLength(bad);
        expect(t.logged).toEqual([]);
        expect(t.onA).toEqual([...markers, 'final']);
        expect(t.channelErrors()).toBe(0);
        expect(settled.every((s) => s.ok === 1 && s.failed === 0)).toBe(true);
        expect(t.client.state).toBe('connected');
        expect(t.client.clientId).toBe(clientId);
        await disconnect(t);
      }),
      { numRuns: runs(60) },
    );
    console.log(`bayeux fuzz (frames): ${frames} bad frames fed, ${reported} reported on errors$`);
  });

  it('survives a held /meta/connect answered with fields of any type: it recovers, or ends with a clear error', { timeout: 120_000 }, async () => {
    let recovered = 0;
    let ended = 0;
    const advice = fc.record(
      {
        reconnect: fc.oneof(fc.constantFrom('retry', 'handshake'), anyJson),
        // A (valid) interval longer than the test's window would only make it wait.
        interval: fc.oneof(fc.integer({ min: -10, max: 5000 }), anyJson.filter((v) => typeof v !== 'number')),
        timeout: anyJson,
        maxInterval: anyJson,
        hosts: anyJson,
        'multiple-clients': anyJson,
        websocket: anyJson,
        __proto__: anyJson,
      },
      { requiredKeys: [] },
    );
    const reply = fc.record(
      { successful: anyJson, advice: fc.oneof(advice, anyJson), error: anyJson, clientId: anyJson, ext: anyJson, data: anyJson },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(reply, fc.integer({ min: 0, max: 3 }), async (fields, publishes) => {
        const t = await connectedClient();
        const settled: Array<{ ok: number; failed: number; error?: unknown }> = [];
        for (let i = 0; i < publishes; i++) {
          const record: { ok: number; failed: number; error?: unknown } = { ok: 0, failed: 0 };
          settled.push(record);
          t.client.publish('/b/p', i).then(
            () => record.ok++,
            (error: unknown) => {
              record.failed++;
              record.error = error;
            },
          );
        }
        expect(t.server.heldConnects).toBe(1);
        // The held connect's reply (channel, id, successful: true) with these fields over it.
        t.server.releaseConnects(fields as Partial<BayeuxMessage>);
        // Up to two minutes of virtual time, until a connect is held again (or the client ended):
        // failed connects back off, held ones time out, sockets reopen.
        for (let i = 0; i < 60 && t.client.state !== 'closed' && t.server.heldConnects === 0; i++) {
          t.clock.advance(2000);
          await t.server.settle();
        }
        // Replies are handled as they arrive: let the settled publishes' callbacks run.
        await t.server.settle(1);
        expect(t.errors.filter((e) => e.code === 'INTERNAL')).toEqual([]);
        if (t.client.state === 'closed') {
          // The server said stop (e.g. a negative interval): a clear error, every publish settled.
          ended++;
          expect(t.channelErrors()).toBe(2);
          expect(settled.every((s) => s.ok + s.failed === 1)).toBe(true);
          await disconnect(t);
          return;
        }
        recovered++;
        await t.server.settle();
        t.server.deliver('/a', 'final');
        await t.server.settle();
        expect(t.client.state).toBe('connected');
        expect(t.onA).toEqual(['final']);
        expect(settled.every((s) => s.ok + s.failed === 1)).toBe(true);
        await disconnect(t);
      }),
      { numRuns: runs(60) },
    );
    console.log(`bayeux fuzz (connect replies): ${recovered} recovered, ${ended} ended with a clear error`);
  });
});
