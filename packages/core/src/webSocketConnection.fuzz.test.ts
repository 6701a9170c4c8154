import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeWebSocket } from './testing/index.js';
import { webSocketConnection } from './webSocketConnection.js';
import type { RxwireError } from './errors.js';

const anyFrame = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '[', 'null', '""'),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.slice().buffer as ArrayBuffer),
);

describe('webSocketConnection receive path (property-based)', () => {
  it('never throws, delivers every decodable frame, reports every other one, and pollutes nothing', () => {
    fc.assert(
      fc.property(fc.array(anyFrame, { maxLength: 40 }), fc.integer({ min: 8, max: 4096 }), (frames, maxMessageSize) => {
        const fake = createFakeWebSocket();
        const connection = webSocketConnection({ url: 'ws://fuzz', WebSocket: fake.WebSocket, maxMessageSize, heartbeat: false });
        const delivered: unknown[] = [];
        const errors: RxwireError[] = [];
        connection.messages$.subscribe((m) => delivered.push(m));
        connection.errors$.subscribe((e) => errors.push(e));
        fake.last.open();
        for (const frame of frames) expect(() => fake.last.receive(frame)).not.toThrow();
        expect(delivered.length + errors.length).toBe(frames.length);
        expect(errors.every((e) => e.code === 'BAD_FRAME' || e.code === 'MESSAGE_TOO_LARGE')).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(connection.state).toBe('connected');
        connection.close();
      }),
      { numRuns: 200 },
    );
  });
});
