// Outages that do not announce themselves: a half-open link (the proxy swallows bytes but closes
// nothing) and a server killed and restarted on the same port with publishes in flight.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { ConnectionState, RxwireError } from '@rxwire/core';
import { BayeuxClient, RxwireError as BayeuxRxwireError } from '@rxwire/bayeux';
import { startFaultProxy } from '@rxwire/test-support/faultProxy';
import { scaled } from '@rxwire/test-support/soak';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const subscribed = (c: BayeuxClient, name: string) => firstValueFrom(c.channel(name).subscribed$.pipe(filter(Boolean)));

describe.each(['websocket', 'long-polling'] as const)('half-open link over %s', (type) => {
  it('is detected by the held /meta/connect timeout, replaced, and delivery resumes', async () => {
    // Faye holds a connect for 1 s (advice.timeout 1000); the client gives it 300 ms more.
    const server = await startFaye({ timeout: 1 });
    cleanups.push(() => server.close());
    const proxy = await startFaultProxy({ target: { port: server.port } });
    cleanups.push(() => proxy.close());
    const marginMs = 300;
    const client = new BayeuxClient({
      url: `http://${proxy.address}/bayeux`,
      connectionTypes: [type],
      connectTimeoutMarginMs: marginMs,
      requestTimeoutMs: 1000,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const errors: RxwireError[] = [];
    client.errors$.subscribe((e) => errors.push(e));
    const states: ConnectionState[] = [];
    client.state$.subscribe((s) => states.push(s));
    const received: unknown[] = [];
    client.channel('/half').messages$.subscribe((m) => received.push(m.data));
    await subscribed(client, '/half');
    await server.publish('/half', 'before');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });

    const stalledAt = Date.now();
    proxy.stall();
    await firstValueFrom(client.state$.pipe(filter((s) => s === 'reconnecting')));
    const detectedMs = Date.now() - stalledAt;
    proxy.unstall();
    await subscribed(client, '/half');
    const recoveredMs = Date.now() - stalledAt;
    await server.publish('/half', 'after');
    await vi.waitUntil(() => received.includes('after'), { timeout: 5000 });
    console.log(
      `half-open bayeux ${type}: detected after ${detectedMs} ms (advice.timeout 1000 + margin ${marginMs}), ` +
        `resubscribed ${recoveredMs} ms after the stall, errors: ${[...new Set(errors.map((e) => e.code))].join(',')}`,
    );
    expect(errors.map((e) => e.code)).toContain('TRANSPORT_TIMEOUT');
    expect(received).toEqual(['before', 'after']);
    expect(states.at(-1)).toBe('connected');
  });
});

describe.each(['websocket', 'long-polling'] as const)('server killed and restarted on the same port, over %s', (type) => {
  it('settles every pending publish (delivered or rejected with a clear error) and receives again', async () => {
    const publishes = scaled(50, 1000);
    let server: FayeServer = await startFaye();
    const port = server.port;
    cleanups.push(() => server.close());
    const maxDelayMs = 200;
    const client = new BayeuxClient({
      url: server.url,
      connectionTypes: [type],
      reconnect: { initialDelayMs: 20, maxDelayMs },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    client.errors$.subscribe(() => undefined);
    const received: unknown[] = [];
    client.channel('/restart').messages$.subscribe((m) => received.push(m.data));
    await subscribed(client, '/restart');

    type Outcome = { n: number; ok: boolean; error?: unknown };
    const outcomes: Outcome[] = [];
    const track = (n: number) =>
      client.publish('/restart', n).then(
        () => void outcomes.push({ n, ok: true }),
        (error: unknown) => void outcomes.push({ n, ok: false, error }),
      );
    // Half go out right before the kill (on the wire when it happens), half once the client knows it is down.
    const settled: Array<Promise<void>> = [];
    for (let n = 0; n < publishes / 2; n++) settled.push(track(n));
    await server.close();
    await firstValueFrom(client.state$.pipe(filter((s) => s === 'reconnecting')));
    for (let n = publishes / 2; n < publishes; n++) settled.push(track(n));
    await new Promise((r) => setTimeout(r, 100));
    const restartedAt = Date.now();
    server = await startFaye({ port });
    await subscribed(client, '/restart');
    await server.publish('/restart', 'after restart');
    await vi.waitUntil(() => received.includes('after restart'), { timeout: 10_000 });
    const backMs = Date.now() - restartedAt;
    // Hang guard: every publish must have settled by now (they had the whole reconnect to do so).
    await vi.waitUntil(() => outcomes.length === publishes, { timeout: 10_000 });
    await Promise.all(settled);

    const delivered = outcomes.filter((o) => o.ok).length;
    const rejected = outcomes.filter((o) => !o.ok);
    const codes = [...new Set(rejected.map((o) => (o.error as RxwireError).code))];
    console.log(
      `server restart bayeux ${type}: ${publishes} publishes: ${delivered} acknowledged, ${rejected.length} rejected (${codes.join(',') || 'none'}); ` +
        `receiving again ${backMs} ms after the restart (backoff cap ${maxDelayMs} ms)`,
    );
    for (const o of rejected) {
      expect(o.error).toBeInstanceOf(BayeuxRxwireError);
      expect(['CONNECTION_LOST', 'TRANSPORT_TIMEOUT', 'PUBLISH_FAILED', 'CLOSED']).toContain((o.error as RxwireError).code);
      expect((o.error as Error).message.length).toBeGreaterThan(10);
    }
    // Those published while the client knew the server was down waited for the new session and went through.
    expect(outcomes.filter((o) => o.n >= publishes / 2).every((o) => o.ok)).toBe(true);
    expect(client.state).toBe('connected');
  });
});
