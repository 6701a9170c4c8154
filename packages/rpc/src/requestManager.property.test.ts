import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { RequestManager } from './requestManager.js';

type Op =
  | { kind: 'start'; retry: boolean; timeoutMs: number | undefined; abortable: boolean }
  | { kind: 'reply'; pick: number; error: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'abort'; pick: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'lost' }
  | { kind: 'online' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('start' as const),
    retry: fc.boolean(),
    timeoutMs: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    abortable: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('reply' as const), pick: fc.nat(), error: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
  fc.constant({ kind: 'lost' as const }),
  fc.constant({ kind: 'online' as const }),
);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestManager under random interleavings', () => {
  it('settles every call exactly once, with its own reply, within maxInFlight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (ops, maxInFlight) => {
        const wire: string[] = []; // every id ever sent, replies may target stale ones
        const manager = new RequestManager({
          send: (_message, id) => {
            wire.push(id);
            return true;
          },
          timeoutMs: 40,
          maxInFlight,
        });
        const calls: Array<{ id: string; settled: number; value?: unknown; error?: unknown; abort?: AbortController }> = [];
        let maxSeen = 0;
        for (const o of ops) {
          switch (o.kind) {
            case 'start': {
              const abort = o.abortable ? new AbortController() : undefined;
              const id = manager.nextId();
              const call = manager.start(id, id, {
                retry: o.retry,
                ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
                ...(abort ? { signal: abort.signal } : {}),
              });
              const record: (typeof calls)[number] = { id: call.id, settled: 0, ...(abort ? { abort } : {}) };
              calls.push(record);
              call.promise.then(
                (value) => {
                  record.settled++;
                  record.value = value;
                },
                (error: unknown) => {
                  record.settled++;
                  record.error = error;
                },
              );
              break;
            }
            case 'reply': {
              const id = wire[o.pick % Math.max(wire.length, 1)];
              if (id === undefined) break;
              if (o.error) manager.reject(id, new Error(`error for ${id}`));
              else manager.resolve(id, `value for ${id}`);
              break;
            }
            case 'cancel': {
              const call = calls[o.pick % Math.max(calls.length, 1)];
              if (call) manager.cancel(call.id);
              break;
            }
            case 'abort':
              calls[o.pick % Math.max(calls.length, 1)]?.abort?.abort('bye');
              break;
            case 'advance':
              await vi.advanceTimersByTimeAsync(o.ms);
              break;
            case 'lost':
              manager.connectionLost();
              break;
            case 'online':
              manager.online();
              break;
          }
          maxSeen = Math.max(maxSeen, manager.inFlightCount);
          expect(manager.inFlightCount).toBeGreaterThanOrEqual(0);
        }
        manager.rejectAll(new Error('end'));
        await vi.advanceTimersByTimeAsync(0);
        expect(maxSeen).toBeLessThanOrEqual(maxInFlight);
        expect(manager.size).toBe(0);
        expect(manager.inFlightCount).toBe(0);
        expect(vi.getTimerCount()).toBe(0);
        for (const call of calls) {
          expect(call.settled).toBe(1);
          if (call.value !== undefined) expect(call.value).toBe(`value for ${call.id}`);
          if (call.error instanceof Error && call.error.message.startsWith('error for')) {
            expect(call.error.message).toBe(`error for ${call.id}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
