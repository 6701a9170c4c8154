// wss:// with a self-signed certificate (Node): trusted through the `tls` option only, never by
// turning verification off; untrusted, it fails with a clear error carrying the certificate problem.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { RxwireError } from '@rxwire/core';
import { RpcClient } from '@rxwire/rpc';

const cert = readFileSync(new URL('../../core/test/fixtures/test-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../../core/test/fixtures/test-key.pem', import.meta.url), 'utf8');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A tiny aio-openapi-style echo over TLS. */
async function startTlsEcho(): Promise<string> {
  const https: Server = createServer({ cert, key });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket) =>
    socket.on('message', (data) => {
      const { id, method, payload } = JSON.parse(String(data)) as { id: string; method: string; payload: unknown };
      socket.send(JSON.stringify({ id, method, response: payload }));
    }),
  );
  https.listen(0, '127.0.0.1');
  await once(https, 'listening');
  cleanups.push(
    () =>
      new Promise((resolve) => {
        https.closeAllConnections();
        https.close(resolve);
      }),
  );
  return `wss://127.0.0.1:${(https.address() as { port: number }).port}/stream`;
}

describe('RpcClient over wss:// with a self-signed certificate (Node)', () => {
  it('calls when the certificate is trusted through the tls option', async () => {
    const url = await startTlsEcho();
    const rpc = new RpcClient({ url, tls: { ca: cert } });
    cleanups.push(() => rpc.close());
    await expect(rpc.call('echo', { secure: true })).resolves.toEqual({ secure: true });
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined();
  });

  it('fails with a clear error carrying the certificate problem when it is not trusted', async () => {
    const url = await startTlsEcho();
    const rpc = new RpcClient({ url, reconnect: false, logger: () => {} });
    cleanups.push(() => rpc.close());
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    const error = (await rpc.call('echo', 1).catch((e: unknown) => e)) as RxwireError;
    console.log(`rpc tls untrusted: ${error.code}: ${error.message}`);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/self-signed certificate/);
    expect((error.cause as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
