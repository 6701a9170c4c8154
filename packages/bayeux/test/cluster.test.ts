import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import fayeRedis from 'faye-redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaye } from './servers.js';

let redis: ChildProcess;
let redisPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

beforeAll(async () => {
  redisPort = await freePort();
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await vi.waitUntil(() => reachable(redisPort), { timeout: 10_000, interval: 50 });
});

afterAll(async () => {
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill();
  await exited;
});

describe.each(['websocket', 'long-polling'] as const)('a Faye cluster sharing a Redis engine, over %s', (type) => {
  it('moves to the other node when one goes away, keeping its client id, and delivers each message once', async () => {
    const engine = { type: fayeRedis, host: '127.0.0.1', port: redisPort, namespace: `/rxwire-${type}` };
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
