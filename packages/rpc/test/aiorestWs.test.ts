import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient, RpcError } from '@rxwire/rpc';
import { startAiorestWsServer, type AiorestWsServer } from '../../../demo/servers/aiorestWsServer.mjs';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(binary: boolean): Promise<{ server: AiorestWsServer; rpc: RpcClient }> {
  const server = await startAiorestWsServer();
  const rpc = new RpcClient({ url: server.url, protocol: 'aiorest-ws', binary, timeoutMs: 5000 });
  cleanups.push(() => server.close(), () => rpc.close());
  return { server, rpc };
}

describe.each([
  ['text', false],
  ['binary (base64)', true],
])('RpcClient against the aiorest-ws reference server in %s mode', (mode, binary) => {
  it('resolves data, with {param} urls and args', async () => {
    const { server, rpc } = await setup(binary);
    await expect(rpc.request({ method: 'GET', url: '/hello' })).resolves.toBe('Hello, world!');
    await expect(rpc.request({ method: 'GET', url: '/users/{id}', args: { id: 2 } })).resolves.toEqual({ id: '2', name: 'Grace' });
    await expect(rpc.request({ method: 'POST', url: '/sum', data: { a: 1, b: 2 } })).resolves.toBe(3);
    expect(server.counts).toEqual(binary ? { text: 0, binary: 3 } : { text: 3, binary: 0 });
  });

  it('rejects with the detail', async () => {
    const { rpc } = await setup(binary);
    const error = await rpc.request({ method: 'GET', url: '/users/{id}', args: { id: 99 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'RPC_ERROR', detail: 'User 99 not found.', message: 'User 99 not found.' });
    await expect(rpc.request({ method: 'GET', url: '/nowhere' })).rejects.toMatchObject({ detail: expect.stringContaining('Wrong URL') as string });
  });

  it('passes extra top-level keys to the middleware', async () => {
    const { rpc } = await setup(binary);
    await expect(rpc.request({ method: 'GET', url: '/secret' })).rejects.toMatchObject({ detail: expect.stringContaining('credentials') as string });
    await expect(rpc.request({ method: 'GET', url: '/secret', token: 'letmein' })).resolves.toBe('the cake is a lie');
  });

  it(`correlates concurrent requests by event_name (${mode})`, async () => {
    const { rpc } = await setup(binary);
    const names = Array.from({ length: 200 }, (_, i) => `user${i}`);
    const created = await Promise.all(names.map((name) => rpc.request<{ name: string }>({ method: 'POST', url: '/echo', data: { name } })));
    expect(created.map((u) => u.name)).toEqual(names);
  });
});
