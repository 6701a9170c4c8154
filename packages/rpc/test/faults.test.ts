import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { RxwireError } from '@rxwire/core';
import { RpcClient } from '@rxwire/rpc';
import { startAioOpenApiServer, type AioOpenApiServer } from '../../../demo/servers/aioOpenApiServer.mjs';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(url: string) {
  const rpc = new RpcClient({ url, timeoutMs: 10_000, channelGraceMs: 0, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
  const errors: RxwireError[] = [];
  rpc.errors$.subscribe((e) => errors.push(e));
  cleanups.push(() => rpc.close());
  return rpc;
}

async function server(port = 0): Promise<AioOpenApiServer> {
  const started = await startAioOpenApiServer({ port });
  cleanups.push(() => started.close());
  return started;
}

describe('RpcClient faults against a real server', () => {
  it('rejects a call in flight promptly with CONNECTION_LOST when the server drops the connection', async () => {
    const s = await server();
    const rpc = client(s.url);
    await rpc.connect();
    const pending = rpc.call('never');
    await expect.poll(() => rpc.inFlightCount).toBe(1);
    s.dropConnections();
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_LOST', name: 'ConnectionLostError' });
  });

  it('ignores the reply to a cancelled call and carries on', async () => {
    const s = await server();
    const rpc = client(s.url);
    await rpc.connect();
    const controller = new AbortController();
    const cancelled = rpc.call('sleep', { ms: 50 }, { signal: controller.signal });
    controller.abort(new Error('not needed'));
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED', cause: { message: 'not needed' } });
    await expect.poll(() => rpc.droppedReplyCount).toBe(1);
    await expect(rpc.call('echo', 'next')).resolves.toBe('next');
  });

  it('after a server restart: plain calls fail, retry calls succeed, subscriptions resume', async () => {
    const first = await server();
    const rpc = client(first.url);
    const channel = rpc.channel('prices');
    const confirmations: boolean[] = [];
    const received: unknown[] = [];
    channel.subscribed$.subscribe((s) => confirmations.push(s));
    channel.messages$.subscribe((m) => received.push(m.data));
    await expect.poll(() => confirmations.at(-1)).toBe(true);
    const plain = rpc.call('never');
    const retried = rpc.call('sleep', { ms: 20 }, { retry: true });
    await expect.poll(() => rpc.inFlightCount).toBe(2);
    await first.close();
    await expect(plain).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    expect(rpc.state).toBe('reconnecting');
    const whileDown = rpc.call('echo', 'queued while down');
    const second = await server(first.port);
    await expect(retried).resolves.toBe(20);
    await expect(whileDown).resolves.toBe('queued while down');
    await expect.poll(() => confirmations.at(-1), { timeout: 10_000 }).toBe(true);
    await rpc.publish('prices', 'tick', 'after restart');
    await expect.poll(() => received).toEqual(['after restart']);
    expect(confirmations).toEqual([false, true, false, true]);
    expect(second.connections).toBe(1);
  });

  it('connect() to a port nobody listens on: CONNECTION_LOST without reconnect, TRANSPORT_TIMEOUT with it', async () => {
    const dead = await startAioOpenApiServer();
    await dead.close();
    const once = new RpcClient({ url: dead.url, reconnect: false, logger: () => undefined });
    cleanups.push(() => once.close());
    await expect(once.connect()).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    await expect(once.call('echo', 1)).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    const patient = new RpcClient({ url: dead.url, timeoutMs: 300, reconnect: { initialDelayMs: 20, maxDelayMs: 50 }, logger: () => undefined });
    cleanups.push(() => patient.close());
    await expect(patient.connect()).rejects.toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    // Issue 16: a call that never went out says why (the refused connection), not "No reply within".
    await expect(patient.call('echo', 1)).rejects.toMatchObject({ code: 'CONNECTION_LOST', message: expect.stringMatching(/never sent; last attempt failed/) });
  });

  it('close() lets a Node process exit by itself, also while reconnecting', async () => {
    const s = await server();
    const dead = await startAioOpenApiServer();
    const deadUrl = dead.url;
    await dead.close();
    const dir = fileURLToPath(new URL('../../../node_modules/.cache/rxwire-rpc-test/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const outfile = `${dir}exit-check-${process.pid}.mjs`;
    cleanups.push(async () => rmSync(outfile, { force: true }));
    await build({
      stdin: {
        contents: `
          import { RpcClient } from '../src/index.js';
          const [url, deadUrl] = process.argv.slice(2);
          const live = new RpcClient({ url, channelGraceMs: 100_000 });
          live.channel('prices').messages$.subscribe();
          console.log('echo:', await live.call('echo', 'hi', { timeoutMs: 100_000 }));
          void live.call('never').catch(() => undefined);
          const down = new RpcClient({ url: deadUrl, logger: () => undefined });
          void down.call('echo', 1).catch((e) => console.log('down:', e.code));
          await new Promise((r) => setTimeout(r, 200));
          await Promise.all([live.close(), down.close()]);
          console.log('closed');
        `,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      external: ['ws', 'rxjs', 'isomorphic-ws', 'cross-fetch', 'bufferutil', 'utf-8-validate'],
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [outfile, s.url, deadUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Hang guard only: the process normally exits well under a second after close().
    const hangGuard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(hangGuard);
    expect(output).toContain('echo: hi');
    expect(output).toContain('down: CLOSED');
    expect(output).toContain('closed');
    expect(code).toBe(0);
  });
});
