// A Faye cluster (two nodes sharing one Redis engine) under a steady stream: node B publishes
// sequenced messages while node A, the client's node, is killed mid-stream. The client (given both
// URLs) fails over to B, resubscribes and keeps receiving, never delivering a message twice.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { hangGuardMs, scaled } from '@rxwire/test-support/soak';
import { startFaye } from '@rxwire/test-support/servers';
import { fayeRedisEngine, startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(() => redis?.stop());

const total = scaled(200, 2000);
const afterBackCount = (numbers: number[], first: number) => numbers.filter((n) => n >= first).length;

describe.each(['websocket', 'long-polling'] as const)('a Faye cluster under a stream of messages, over %s', (type) => {
  it(`fails over when the client's node dies mid-stream (${total} messages) and never delivers twice`, { timeout: hangGuardMs(60_000, 300_000) }, async () => {
    const engine = fayeRedisEngine(redis.port, `/rxwire-stream-${type}`);
    // Nodes hold a /meta/connect for 60 s: the client must not wait for that to resubscribe on B.
    const a = await startFaye({ engine, timeout: 60 });
    const b = await startFaye({ engine, timeout: 60 });
    const client = new BayeuxClient({
      url: [a.url, b.url],
      connectionTypes: [type],
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: () => {},
    });
    client.errors$.subscribe(() => undefined);
    try {
      const received: unknown[] = [];
      const channel = client.channel('/stream');
      channel.messages$.subscribe((m) => received.push(m.data));
      await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
      const clientId = client.clientId;
      const killAt = Math.floor(total / 2);
      let killedAt = 0;
      let backAt = 0;
      let published = 0;
      let firstAfterBack = total;
      for (let n = 0; n < total; n++) {
        if (n === killAt) {
          killedAt = Date.now();
          void a.close();
          void firstValueFrom(channel.subscribed$.pipe(filter((s) => !s))).then(() =>
            firstValueFrom(channel.subscribed$.pipe(filter(Boolean))).then(() => {
              backAt = Date.now();
              firstAfterBack = published;
            }),
          );
        }
        published = n + 1;
        await b.publish('/stream', n);
        if (n % 5 === 4) await new Promise((r) => setTimeout(r, 2));
      }
      // Hang guard well below the nodes' 60 s held connect.
      await vi.waitUntil(() => backAt > 0, { timeout: 15_000 });
      // The end marker can be lost the same way as the stream (see below): send fresh ones until one
      // arrives, which proves the client receives on B.
      let ends = 0;
      const isEnd = (d: unknown) => typeof d === 'string' && d.startsWith('end-');
      await vi.waitUntil(
        async () => {
          if (received.some(isEnd)) return true;
          await b.publish('/stream', `end-${++ends}`);
          return false;
        },
        { timeout: 20_000, interval: 250 },
      );

      const numbers = received.filter((d): d is number => typeof d === 'number');
      const unique = new Set(numbers).size;
      const duplicates = numbers.length - unique;
      const lost = total - unique;
      let outOfOrder = 0;
      for (let i = 1; i < numbers.length; i++) if ((numbers[i] as number) <= (numbers[i - 1] as number)) outOfOrder++;
      console.log(
        `cluster ${type}: ${total} published on B, A killed at #${killAt}: resubscribed on B after ${backAt - killedAt} ms ` +
          `(client id ${client.clientId === clientId ? 'kept' : 'renewed'}), ${unique} delivered, ${lost} lost in the failover, ` +
          `${total - firstAfterBack} published after the resubscription (${total - firstAfterBack - afterBackCount(numbers, firstAfterBack)} of them lost), ` +
          `${duplicates} duplicates, ${outOfOrder} out of order`,
      );
      expect(duplicates).toBe(0);
      // Faye has no acknowledgements: what died with node A is gone, and faye-redis itself can drop a
      // message that races a long-polling connection's close. Counted and reported; the stream goes on.
      const afterBack = numbers.filter((n) => n >= firstAfterBack).length;
      expect(afterBack).toBeGreaterThan((total - firstAfterBack) / 2);
      expect(outOfOrder).toBe(0);
      const endMarkers = received.filter(isEnd);
      expect(new Set(endMarkers).size).toBe(endMarkers.length);
    } finally {
      await client.disconnect();
      await b.close();
      await a.close();
    }
  });
});
