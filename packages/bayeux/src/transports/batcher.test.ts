import { describe, expect, it } from 'vitest';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('sends what was queued in one microtask as one batch per connection type', async () => {
    const batches: Array<[ConnectionType, string[]]> = [];
    const flush = (type: ConnectionType, messages: BayeuxMessage[]): void => {
      batches.push([type, messages.map((m) => m.channel)]);
      // Sent while the batch goes out: a batch of its own.
      if (messages[0]?.channel === '/a') batcher.add({ channel: '/later' }, type);
    };
    const batcher = new Batcher(flush);
    batcher.add({ channel: '/a' }, 'websocket');
    batcher.add({ channel: '/b' }, 'long-polling');
    batcher.add({ channel: '/c' }, 'websocket');
    expect(batches).toEqual([]);
    await Promise.resolve();
    expect(batches).toEqual([
      ['websocket', ['/a', '/c']],
      ['long-polling', ['/b']],
    ]);
    await Promise.resolve();
    expect(batches[2]).toEqual(['websocket', ['/later']]);
  });

  it('drops what waits when cleared', async () => {
    const batches: string[][] = [];
    const batcher = new Batcher((_type, messages) => batches.push(messages.map((m) => m.channel)));
    batcher.add({ channel: '/a' }, 'websocket');
    batcher.clear();
    await Promise.resolve();
    expect(batches).toEqual([]);
  });
});
