// `rxwire rpc ... call` against a real rpc-websockets server (JSON-RPC 2.0) and the demo's
// aio-openapi server, on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'rpc-websockets';
import { startAioOpenApiServer } from '../../../demo/servers/index.mjs';
import type { AioOpenApiServer } from '../../../demo/servers/index.mjs';
import { buildBin, refusedPort, runBin } from './runBin.js';

let bin: string;
let remove: () => void;
let jsonRpcUrl: string;
let jsonRpc: Server;
let aio: AioOpenApiServer;

beforeAll(async () => {
  ({ bin, remove } = await buildBin());
  jsonRpc = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    jsonRpc.on('listening', resolve);
    jsonRpc.on('error', reject);
  });
  const address = jsonRpc.wss.address();
  jsonRpcUrl = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  jsonRpc.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  jsonRpc.register('boom', () => {
    throw new Error('kaboom');
  });
  aio = await startAioOpenApiServer({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const socket of jsonRpc.wss.clients) socket.terminate();
  await new Promise<void>((resolve) => jsonRpc.wss.close(() => resolve()));
  await aio.close();
  remove();
});

/** Runs one command to its end. */
async function complete(args: string[]) {
  const run = runBin(bin, args);
  const code = await run.exited;
  return { code, lines: run.lines(), stderr: run.stderr().split('\n').filter(Boolean) };
}

describe('rxwire rpc call', () => {
  it('prints a JSON-RPC result as one JSON line and exits 0', async () => {
    expect(await complete(['rpc', jsonRpcUrl, '--protocol', 'json-rpc', 'call', 'sum', '[1,2,3]'])).toEqual({ code: 0, lines: ['{"result":6}'], stderr: [] });
  });

  it('prints an aio-openapi result (the demo server, default protocol)', async () => {
    expect(await complete(['rpc', aio.url, 'call', 'add', '{"a":1,"b":2}'])).toEqual({ code: 0, lines: ['{"result":3}'], stderr: [] });
  });

  it('exits 1 with one line on stderr for an RPC error', async () => {
    const { code, lines, stderr } = await complete(['rpc', jsonRpcUrl, '--protocol', 'json-rpc', 'call', 'boom']);
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(stderr).toEqual([expect.stringMatching(/^rxwire: RPC_ERROR: .*kaboom/)]);
  });

  it('exits 1 with exactly one line on stderr when the port refuses connections', async () => {
    const port = await refusedPort();
    const { code, lines, stderr } = await complete(['rpc', `ws://127.0.0.1:${port}/stream`, 'call', 'add', '{"a":1,"b":2}']);
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(stderr).toEqual([expect.stringMatching(/^rxwire: CONNECTION_LOST: .*ECONNREFUSED/)]);
  });

  it('redacts credentials from the line', async () => {
    const port = await refusedPort();
    const { stderr } = await complete(['rpc', `ws://bob:hunter2@127.0.0.1:${port}/stream?token=s3cret`, 'call', 'x']);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).not.toMatch(/hunter2|s3cret/);
  });
});
