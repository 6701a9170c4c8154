// Debian's redis-server for the Faye cluster tests: started on a free loopback port, nothing saved
// to disk, and stopped (waited for) by the test that started it.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import fayeRedis from 'faye-redis';
import { vi } from 'vitest';

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

export async function startRedis(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await vi.waitUntil(() => reachable(port), { timeout: 10_000, interval: 50 });
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => redis.once('exit', resolve));
      redis.kill();
      await exited;
    },
  };
}

interface RedisClientLike {
  end(flush?: boolean): void;
}
interface FayeRedisEngineLike {
  _redis: RedisClientLike;
  _subscriber: RedisClientLike;
}
const fayeRedisType = fayeRedis as { create(server: unknown, options: unknown): FayeRedisEngineLike };

/**
 * faye-redis as Faye's engine, quiet on close: its disconnect() ends its two Redis clients with a
 * bare `.end()`, which node_redis 3 reports on stderr as deprecated ("Using .end() without the flush
 * parameter") at every server close. The argument is spelled out here (`false`: no flush, what the
 * bare call does), so nothing else changes.
 */
const quietFayeRedis = {
  create(server: unknown, options: unknown): FayeRedisEngineLike {
    const engine = fayeRedisType.create(server, options);
    for (const client of [engine._redis, engine._subscriber]) {
      const end = client.end.bind(client);
      client.end = (flush = false) => end(flush);
    }
    return engine;
  },
};

/** Faye's `engine` option for a node of a cluster that shares the Redis on `port`. */
export function fayeRedisEngine(port: number, namespace: string): Record<string, unknown> {
  return { type: quietFayeRedis, host: '127.0.0.1', port, namespace };
}
