// maxMessageSize: oversize inbound frames are discarded with MESSAGE_TOO_LARGE on errors$, and the
// connection carries on (same socket, calls and pushes keep working).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { RxwireError } from '@rxwire/core';
import { RpcClient } from '@rxwire/rpc';
import { startAioOpenApiServer } from '../../../demo/servers/aioOpenApiServer.mjs';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('RpcClient maxMessageSize', () => {
  it('discards oversize pushes and replies with MESSAGE_TOO_LARGE and keeps the connection', async () => {
    const server = await startAioOpenApiServer();
    cleanups.push(() => server.close());
    const maxMessageSize = 1000;
    const rpc = new RpcClient({ url: server.url, maxMessageSize, channelGraceMs: 0, logger: () => {} });
    cleanups.push(() => rpc.close());
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    const states: string[] = [];
    rpc.state$.subscribe((s) => states.push(s));
    const received: unknown[] = [];
    const channel = rpc.channel('big');
    channel.messages$.subscribe((m) => received.push(m.data));
    await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));

    server.publish('big', 'e', 'x'.repeat(5000));
    server.publish('big', 'e', 'small');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    // A reply too large to read: the call cannot be matched any more and settles by its timeout.
    const tooBig = await rpc.call('echo', 'y'.repeat(5000), { timeoutMs: 300 }).catch((e: unknown) => e);
    await expect(rpc.call('echo', 'fits')).resolves.toBe('fits');

    const tooLarge = errors.filter((e) => e.code === 'MESSAGE_TOO_LARGE');
    console.log(
      `rpc maxMessageSize ${maxMessageSize}: ${tooLarge.length} frames discarded (${tooLarge.map((e) => (e as RxwireError & { frameSize: number }).frameSize).join(', ')} chars), ` +
        `connections ${server.connections}, states ${states.join('>')}`,
    );
    expect(received).toEqual(['small']);
    expect(tooLarge).toHaveLength(2);
    expect(tooLarge[0]).toMatchObject({ name: 'MessageTooLargeError', limit: maxMessageSize });
    expect(tooLarge[0]?.message).toContain('maxMessageSize');
    expect(tooBig).toMatchObject({ code: 'RPC_TIMEOUT' });
    expect(states).toEqual(['idle', 'connecting', 'connected']);
    expect(server.connections).toBe(1);
  });
});
