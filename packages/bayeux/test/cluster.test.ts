import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaye } from '@rxwire/test-support/servers';
import { fayeRedisEngine, startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(() => redis?.stop());

describe.each(['websocket', 'long-polling'] as const)('a Faye cluster sharing a Redis engine, over %s', (type) => {
  it('moves to the other node when one goes away, keeping its client id, and delivers each message once', async () => {
    const engine = fayeRedisEngine(redis.port, `/rxwire-${type}`);
    const a = await startFaye({ engine });
    const b = await startFaye({ engine });
    const client = new BayeuxClient({
      url: [a.url, b.url],
      connectionTypes: [type],
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      logger: () => {},
    });
    try {
      const received: unknown[] = [];
      client.channel('/cluster').messages$.subscribe((m) => received.push(m.data));
      await firstValueFrom(client.channel('/cluster').subscribed$.pipe(filter(Boolean)));
      // Published on node B, delivered through node A.
      await b.publish('/cluster', 1);
      await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
      const clientId = client.clientId;
      await a.close();
      await firstValueFrom(client.channel('/cluster').subscribed$.pipe(filter((s) => !s)));
      await firstValueFrom(client.channel('/cluster').subscribed$.pipe(filter(Boolean)));
      expect(client.clientId).toBe(clientId);
      await b.publish('/cluster', 2);
      await vi.waitUntil(() => received.length >= 2, { timeout: 5000 });
      await b.publish('/cluster', 3);
      await vi.waitUntil(() => received.length >= 3, { timeout: 5000 });
      expect(received).toEqual([1, 2, 3]);
    } finally {
      await client.disconnect();
      await b.close();
    }
  });
});
