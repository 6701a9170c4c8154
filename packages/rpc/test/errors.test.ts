// Issue 16: a client that never managed to connect says why, instead of a bare timeout.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { RpcClient } from '@rxwire/rpc';
import { rootCauseMessage, type RxwireError } from '@rxwire/core';

const clients: RpcClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A loopback port nothing listens on. */
async function refusedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function client(port: number): RpcClient {
  const rpc = new RpcClient({ url: `ws://127.0.0.1:${port}/rpc`, protocol: 'json-rpc', timeoutMs: 600, reconnect: { initialDelayMs: 50, maxDelayMs: 50 }, logger: false });
  clients.push(rpc);
  return rpc;
}

describe('RpcClient that never connects (refused port)', () => {
  it('rejects a call with a connection error caused by the refusal, not "No reply within"', async () => {
    const error = (await client(await refusedPort()).call('sum', [1, 2]).catch((e: unknown) => e)) as RxwireError;
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/^No connection within 600 ms \(timeoutMs\), so the call was never sent; last attempt failed: .*ECONNREFUSED/);
    expect(rootCauseMessage(error.cause)).toMatch(/ECONNREFUSED/);
  });

  it('rejects connect() with TRANSPORT_TIMEOUT naming the refusal', async () => {
    const error = (await client(await refusedPort()).connect().catch((e: unknown) => e)) as RxwireError;
    expect(error.code).toBe('TRANSPORT_TIMEOUT');
    expect(error.message).toMatch(/last attempt failed: .*ECONNREFUSED/);
    expect(error.cause).toBeDefined();
  });
});
