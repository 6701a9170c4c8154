// Property tests: an RpcClient (each dialect, over a scripted WebSocket) fed random and malformed
// frames between genuine traffic. Nothing throws out of the client, no prototype is polluted, every
// call settles exactly once with its own reply, pushes reach their channel once, and each bad frame
// is reported on errors$ (exactly one report per bad frame).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { RxwireError } from '@rxwire/core';
import { createFakeWebSocket } from '@rxwire/core/testing';
import { RpcClient } from './rpcClient.js';
import type { ProtocolName } from './protocolNames.js';
import { notJson } from '@rxwire/test-support/arbitraries';
import { soak } from '@rxwire/test-support/soak';

const runs = (small: number) => (soak ? small * 20 : small);

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const cleanPrototype = prototypeKeys();
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  expect(prototypeKeys()).toBe(cleanPrototype);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

type Json = Record<string, unknown>;
type Dialect = ProtocolName;

/** How each dialect words a reply, a push, and where the call id sits in a request. */
const wire: Record<Dialect, { idOf: (frame: Json) => string; result: (id: string, value: unknown) => Json; push?: (channel: string, data: unknown) => Json }> = {
  'aio-openapi': {
    idOf: (f) => f['id'] as string,
    result: (id, value) => ({ id, method: 'm', response: value }),
    push: (channel, data) => ({ channel, event: 'e', data }),
  },
  'json-rpc': {
    idOf: (f) => f['id'] as string,
    result: (id, value) => ({ jsonrpc: '2.0', id, result: value }),
    push: (channel, data) => ({ notification: channel, params: data }),
  },
  'aiorest-ws': {
    idOf: (f) => f['event_name'] as string,
    result: (id, value) => ({ event_name: id, data: value }),
  },
};

const anyJson = fc.jsonValue({ maxDepth: 2 });
const unknownId = fc.string({ maxLength: 6 }).map((s) => `u${s}`);
const notIdLike = fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));

/** A bad frame (exactly one report), a duplicate of a genuine reply, or a push nobody listens to (no report). */
type Item = { kind: 'bad'; frame: string } | { kind: 'duplicate'; pick: number } | { kind: 'neutral'; frame: string };

const bad = (frame: string): Item => ({ kind: 'bad', frame });

function items(dialect: Dialect): fc.Arbitrary<Item> {
  const shared = [
    notJson.map(bad),
    fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 })).map((v) => bad(JSON.stringify(v))),
    fc.oneof(fc.integer(), fc.constant(null), fc.string({ maxLength: 8 })).map((v) => bad(JSON.stringify([v]))),
    fc.nat().map((pick) => ({ kind: 'duplicate' as const, pick })),
  ];
  switch (dialect) {
    case 'aio-openapi':
      return fc.oneof(
        ...shared,
        fc.record({ id: unknownId, response: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ id: unknownId, error: anyJson, method: fc.option(anyJson, { nil: undefined }) }).map((m) => bad(JSON.stringify(m))),
        fc.record({ id: notIdLike, response: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ error: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ channel: notIdLike, data: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.constantFrom(
          bad('{"__proto__":{"polluted":"yes"},"id":"u1","response":1}'),
          bad('{"constructor":{"prototype":{"polluted":"yes"}}}'),
          bad(JSON.stringify({ id: 'huge', response: 'x'.repeat(2_000_000) })),
          { kind: 'neutral' as const, frame: '{"channel":"__proto__","event":"x","data":{"__proto__":{"polluted":"yes"}}}' },
          { kind: 'neutral' as const, frame: '{"channel":"constructor","data":1}' },
        ),
        fc.record({ channel: fc.constantFrom('nobody', 'toString', 'hasOwnProperty'), data: anyJson }).map((m) => ({ kind: 'neutral' as const, frame: JSON.stringify(m) })),
      );
    case 'json-rpc':
      return fc.oneof(
        ...shared,
        fc.record({ jsonrpc: fc.constant('2.0'), id: unknownId, result: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ jsonrpc: anyJson, id: unknownId, error: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ id: notIdLike, result: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ error: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.constant(bad('[]')),
        fc.constantFrom(
          bad('{"__proto__":{"polluted":"yes"},"id":"u1","result":1}'),
          bad('{"constructor":{"prototype":{"polluted":"yes"}},"id":"u2","result":1}'),
          bad(JSON.stringify({ jsonrpc: '2.0', id: 'huge', result: 'x'.repeat(2_000_000) })),
          { kind: 'neutral' as const, frame: '{"notification":"__proto__","params":{"__proto__":{"polluted":"yes"}}}' },
          { kind: 'neutral' as const, frame: '{"jsonrpc":"2.0","method":"constructor","params":[1]}' },
        ),
        fc.record({ notification: fc.constantFrom('nobody', 'toString'), params: anyJson }).map((m) => ({ kind: 'neutral' as const, frame: JSON.stringify(m) })),
      );
    case 'aiorest-ws':
      return fc.oneof(
        ...shared,
        fc.record({ event_name: unknownId, data: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ event_name: unknownId, detail: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.record({ event_name: fc.option(anyJson, { nil: undefined }), other: anyJson }).map((m) => bad(JSON.stringify(m))),
        fc.constantFrom(
          bad('{"__proto__":{"polluted":"yes"},"event_name":"u1","data":1}'),
          bad(JSON.stringify({ event_name: 'huge', data: 'x'.repeat(2_000_000) })),
        ),
      );
  }
}

describe.each(['aio-openapi', 'json-rpc', 'aiorest-ws'] as const)('RpcClient (%s) fed malformed frames', (dialect) => {
  it('reports each bad frame, settles every call once with its own reply, delivers pushes once', { timeout: 120_000 }, async () => {
    let fed = 0;
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(items(dialect), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 5 }), async (garbage, callCount) => {
        const fake = createFakeWebSocket();
        const logged: string[] = [];
        const rpc = new RpcClient({
          url: 'ws://test/stream',
          WebSocket: fake.WebSocket,
          protocol: dialect,
          heartbeat: false,
          timeoutMs: 60_000,
          channelGraceMs: 0,
          logger: (m) => logged.push(m),
        });
        const errors: RxwireError[] = [];
        rpc.errors$.subscribe((e) => errors.push(e));
        const w = wire[dialect];
        const frames = () => fake.last.sent.map((f) => JSON.parse(f as string) as Json);
        rpc.connect().catch(() => undefined);
        await vi.advanceTimersByTimeAsync(0);
        fake.last.open();
        await vi.advanceTimersByTimeAsync(0);

        // A live channel (where the dialect has them), confirmed by the server.
        const pushes: unknown[] = [];
        if (w.push) {
          rpc.channel('feed').messages$.subscribe((m) => pushes.push(m.data));
          await vi.advanceTimersByTimeAsync(0);
          const subscribe = frames().at(-1) as Json;
          const confirm = dialect === 'json-rpc' ? { feed: 'ok' } : { subscribed: { feed: ['*'] } };
          fake.last.receive(JSON.stringify(w.result(w.idOf(subscribe), confirm)));
        }
        // Calls on the wire; the first is answered before the garbage (so it can be repeated).
        const calls = Array.from({ length: callCount }, (_, i) => {
          const record: { ok: number; failed: number; value?: unknown; error?: unknown } = { ok: 0, failed: 0 };
          const call = dialect === 'aiorest-ws' ? rpc.request({ method: 'GET', url: `/item/${i}` }) : rpc.call(`method${i}`, { i });
          call.then(
            (value) => Object.assign(record, { ok: record.ok + 1, value }),
            (error: unknown) => Object.assign(record, { failed: record.failed + 1, error }),
          );
          return record;
        });
        await vi.advanceTimersByTimeAsync(0);
        const callIds = frames().slice(-callCount).map(w.idOf);
        expect(new Set(callIds).size).toBe(callCount);
        fake.last.receive(JSON.stringify(w.result(callIds[0] as string, 'reply-0')));

        let badFrames = 0;
        for (const item of garbage) {
          if (item.kind === 'duplicate') {
            badFrames++;
            fake.last.receive(JSON.stringify(w.result(callIds[0] as string, 'again')));
          } else {
            if (item.kind === 'bad') badFrames++;
            fake.last.receive(item.frame);
          }
        }
        for (let i = 1; i < callCount; i++) fake.last.receive(JSON.stringify(w.result(callIds[i] as string, `reply-${i}`)));
        if (w.push) fake.last.receive(JSON.stringify(w.push('feed', 'final')));
        await vi.advanceTimersByTimeAsync(0);
        fed += badFrames;
        reported += errors.length;

        expect(errors.map((e) => e.code).filter((c) => c !== 'BAD_FRAME' && c !== 'RPC_ERROR')).toEqual([]);
        expect(errors).toHaveLength(badFrames);
        expect(logged).toEqual([]);
        calls.forEach((c, i) => expect(c).toEqual({ ok: 1, failed: 0, value: `reply-${i}` }));
        if (w.push) expect(pushes).toEqual(['final']);
        expect(rpc.state).toBe('connected');
        expect(fake.sockets).toHaveLength(1);
        const closing = rpc.close();
        for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
        await closing;
      }),
      { numRuns: runs(50) },
    );
    console.log(`rpc fuzz (${dialect}): ${fed} bad frames fed, ${reported} reported on errors$`);
  });
});
