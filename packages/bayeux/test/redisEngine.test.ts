// The Faye cluster tests' engine (faye-redis on Debian's redis-server) closes without a word: no
// deprecation warning from node_redis on stderr, so `npm test` stays quiet when all is well.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaye } from '@rxwire/test-support/servers';
import { fayeRedisEngine, startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(() => redis?.stop());

describe('a Faye node on the faye-redis engine', () => {
  it('starts and closes without printing a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const node = await startFaye({ engine: fayeRedisEngine(redis.port, '/rxwire-quiet') });
      await node.publish('/quiet', 1);
      await node.close();
      // node_redis warns on the next tick after end().
      await new Promise((resolve) => setImmediate(resolve));
      expect([...warn.mock.calls, ...error.mock.calls].map((args) => args.join(' '))).toEqual([]);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
