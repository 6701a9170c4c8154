// RpcClient through a fault proxy: a half-open link found by the heartbeat and replaced, and calls
// in flight at a cut (plain ones reject promptly with CONNECTION_LOST, retry ones succeed after the
// reconnect, subscriptions resume).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { RxwireError } from '@rxwire/core';
import { RpcClient } from '@rxwire/rpc';
import { startAioOpenApiServer } from '../../../demo/servers/aioOpenApiServer.mjs';
import { startFaultProxy } from '@rxwire/test-support/faultProxy';
import { scaled } from '@rxwire/test-support/soak';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: Partial<ConstructorParameters<typeof RpcClient>[0]> = {}) {
  const server = await startAioOpenApiServer();
  cleanups.push(() => server.close());
  const proxy = await startFaultProxy({ target: { port: server.port } });
  cleanups.push(() => proxy.close());
  const rpc = new RpcClient({
    url: `ws://${proxy.address}/stream`,
    timeoutMs: 20_000,
    channelGraceMs: 0,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    logger: () => {},
    ...options,
  });
  cleanups.push(() => rpc.close());
  const errors: RxwireError[] = [];
  rpc.errors$.subscribe((e) => errors.push(e));
  await rpc.connect();
  return { server, proxy, rpc, errors };
}

describe('RpcClient through a fault proxy', () => {
  it('detects a half-open link by its heartbeat, rejects calls on it, and works again on a new one', async () => {
    const heartbeat = { intervalMs: 200, timeoutMs: 200 };
    const { proxy, rpc, errors } = await setUp({ heartbeat });
    const confirmations: boolean[] = [];
    rpc.channel('ticks').subscribed$.subscribe((s) => confirmations.push(s));
    rpc.channel('ticks').messages$.subscribe();
    await vi.waitUntil(() => confirmations.at(-1) === true, { timeout: 5000 });
    const stalledAt = Date.now();
    proxy.stall();
    const plain = rpc.call('echo', 'lost in the stall').catch((e: unknown) => e);
    const retried = rpc.call('echo', 'sent again', { retry: true });
    await firstValueFrom(rpc.state$.pipe(filter((s) => s === 'reconnecting')));
    const detectedMs = Date.now() - stalledAt;
    expect(await plain).toMatchObject({ code: 'CONNECTION_LOST' });
    const rejectedMs = Date.now() - stalledAt;
    proxy.unstall();
    await expect(retried).resolves.toBe('sent again');
    await vi.waitUntil(() => confirmations.at(-1) === true, { timeout: 5000 });
    const recoveredMs = Date.now() - stalledAt;
    await expect(rpc.call('echo', 'fresh')).resolves.toBe('fresh');
    console.log(
      `half-open rpc: detected after ${detectedMs} ms (heartbeat ${heartbeat.intervalMs} + ${heartbeat.timeoutMs} ms), ` +
        `plain call rejected after ${rejectedMs} ms, retry call and subscription back after ${recoveredMs} ms`,
    );
    expect(errors.map((e) => e.code)).toContain('TRANSPORT_TIMEOUT');
    expect(confirmations).toEqual([false, true, false, true]);
  });

  it('settles every call in flight at a cut: plain ones reject promptly, retry ones succeed', async () => {
    const calls = scaled(200, 5000);
    const { proxy, rpc } = await setUp();
    const outcomes: Array<{ retry: boolean; ok: boolean; value?: unknown; error?: RxwireError }> = [];
    const settled: Array<Promise<void>> = [];
    for (let i = 0; i < calls; i++) {
      const retry = i % 2 === 0;
      settled.push(
        rpc.call('sleep', { ms: 50 }, { retry }).then(
          (value) => void outcomes.push({ retry, ok: true, value }),
          (error: RxwireError) => void outcomes.push({ retry, ok: false, error }),
        ),
      );
    }
    await vi.waitUntil(() => rpc.inFlightCount === calls, { timeout: 10_000 });
    const cutAt = Date.now();
    proxy.cut();
    await vi.waitUntil(() => outcomes.filter((o) => !o.retry).length === calls / 2, { timeout: 10_000 });
    const plainSettledMs = Date.now() - cutAt;
    await Promise.all(settled);
    const allSettledMs = Date.now() - cutAt;
    const plain = outcomes.filter((o) => !o.retry);
    const retried = outcomes.filter((o) => o.retry);
    console.log(
      `rpc cut: ${calls} calls in flight: ${plain.filter((o) => !o.ok).length}/${plain.length} plain rejected within ${plainSettledMs} ms, ` +
        `${retried.filter((o) => o.ok).length}/${retried.length} retry calls succeeded within ${allSettledMs} ms`,
    );
    // A plain call may have got its reply just before the cut; otherwise it is CONNECTION_LOST.
    for (const o of plain) if (!o.ok) expect(o.error?.code).toBe('CONNECTION_LOST');
    expect(retried.every((o) => o.ok && o.value === 50)).toBe(true);
    expect(rpc.inFlightCount).toBe(0);
  });
});
