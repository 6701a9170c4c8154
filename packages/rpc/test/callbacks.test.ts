// Issue 18: errors thrown by the app's callbacks are contained. The url function and the logger
// throw or reject; the client carries on and errors$ says what happened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Server } from 'rpc-websockets';
import type { RxwireError } from '@rxwire/core';
import { RpcClient } from '@rxwire/rpc';

let server: Server;
let url: string;
const cleanups: Array<() => Promise<unknown>> = [];
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => {
  uncaught.push(error);
};

beforeEach(async () => {
  server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  const address = server.wss.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const socket of server.wss.clients) socket.terminate();
  await new Promise<void>((resolve) => server.wss.close(() => resolve()));
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  expect(uncaught.splice(0)).toEqual([]);
});

describe.each(['throws', 'rejects'] as const)('a url function that %s', (how) => {
  it('counts as a failed attempt, reported with its error as cause; the next attempt connects', async () => {
    let attempts = 0;
    const failure = new Error(`token service ${how}`);
    const rpc = new RpcClient({
      url: () => {
        attempts++;
        if (attempts > 1) return url;
        if (how === 'throws') throw failure;
        return Promise.reject(failure);
      },
      protocol: 'json-rpc',
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    cleanups.push(() => rpc.close());
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((error) => errors.push(error));
    await expect(rpc.call('sum', [1, 2])).resolves.toBe(3);
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cause).toBe(failure);
  });
});

describe('a logger that throws', () => {
  it('changes nothing: failures it would log are swallowed, calls still work', async () => {
    let logged = 0;
    let attempts = 0;
    const rpc = new RpcClient({
      url: () => (++attempts === 1 ? Promise.reject(new Error('first attempt fails')) : url),
      protocol: 'json-rpc',
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
      logger: () => {
        logged++;
        throw new Error('logger broke');
      },
    });
    cleanups.push(() => rpc.close());
    await expect(rpc.call('sum', [2, 2])).resolves.toBe(4);
    expect(logged).toBeGreaterThan(0);
  });
});
