import { describe, expect, it } from 'vitest';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import { enqueue, type Outbox } from './outbox.js';

describe('enqueue', () => {
  it('sends what was queued in one microtask as one batch per connection type', async () => {
    const outbox: Outbox = new Map();
    const batches: Array<[ConnectionType, string[]]> = [];
    const flush = (type: ConnectionType, messages: BayeuxMessage[]): void => {
      batches.push([type, messages.map((m) => m.channel)]);
      // Sent while the batch goes out: a batch of its own.
      if (messages[0]?.channel === '/a') enqueue(outbox, { channel: '/later' }, type, flush);
    };
    enqueue(outbox, { channel: '/a' }, 'websocket', flush);
    enqueue(outbox, { channel: '/b' }, 'long-polling', flush);
    enqueue(outbox, { channel: '/c' }, 'websocket', flush);
    expect(batches).toEqual([]);
    await Promise.resolve();
    expect(batches).toEqual([
      ['websocket', ['/a', '/c']],
      ['long-polling', ['/b']],
    ]);
    await Promise.resolve();
    expect(batches[2]).toEqual(['websocket', ['/later']]);
  });
});
