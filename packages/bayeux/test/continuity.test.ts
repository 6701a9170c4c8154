// Issue 14 against real servers: what continuity$ says after a loss (an honest 'gap' where messages
// may have been missed, 'recovered' only where the ack extension proves nothing was), and url
// functions that give a fresh token for every reconnect.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { AcknowledgedMessagesExtension } from 'cometd-nodejs-server/ack-extension.js';
import type { ChannelStatus, Continuity, RxwireError } from '@rxwire/core';
import { ackExtension, BayeuxClient } from '@rxwire/bayeux';
import { startFaultProxy } from '@rxwire/test-support/faultProxy';
import { publishWithCuts, sequenceStats } from './cutStream.js';
import { startCometd, startFaye } from '@rxwire/test-support/servers';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Records a channel's data, status and continuity; resolves once the server confirmed it. */
async function watch(client: BayeuxClient, name: string) {
  const channel = client.channel(name);
  const received: unknown[] = [];
  const statuses: ChannelStatus[] = [];
  const continuity: Continuity[] = [];
  channel.status$.subscribe((status) => statuses.push(status));
  channel.continuity$.subscribe((value) => continuity.push(value));
  channel.messages$.subscribe((m) => received.push(m.data));
  await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
  return { received, statuses, continuity };
}

describe('Faye without the ack extension', () => {
  it.each(['websocket', 'long-polling'] as const)('server restarted mid-stream: continuity says gap (over %s)', async (type) => {
    const first = await startFaye();
    const client = new BayeuxClient({ url: first.url, connectionTypes: [type], reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, logger: () => {} });
    cleanups.push(() => client.disconnect());
    const seen = await watch(client, '/stream');
    await first.publish('/stream', 'before');
    await vi.waitUntil(() => seen.received.length === 1, { timeout: 5000 });
    await first.close();
    const second = await startFaye({ port: first.port });
    cleanups.push(() => second.close());
    await vi.waitUntil(() => seen.continuity.length === 1, { timeout: 10_000, interval: 10 });
    expect(seen.continuity[0]?.resumed).toBe('gap');
    expect(seen.continuity[0]?.lostAt).toBeLessThanOrEqual(seen.continuity[0]?.resumedAt as number);
    expect(seen.statuses.slice(-2)).toEqual(['reconnecting', 'live']);
    await second.publish('/stream', 'after');
    await vi.waitUntil(() => seen.received.length === 2, { timeout: 5000 });
    expect(seen.received).toEqual(['before', 'after']);
  });
});

describe('CometD with the ack extension, through a proxy that cuts the connection', () => {
  it('says recovered after each cut the session survived, and delivers every message exactly once', { timeout: 60_000 }, async () => {
    const server = await startCometd();
    cleanups.push(() => server.close());
    server.cometd.addExtension(new AcknowledgedMessagesExtension());
    const proxy = await startFaultProxy({ target: { port: server.port } });
    cleanups.push(() => proxy.close());
    const client = new BayeuxClient({
      url: `http://${proxy.address}/cometd`,
      connectionTypes: ['long-polling'],
      extensions: [ackExtension()],
      reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const seen = await watch(client, '/seq');
    const firstClientId = client.clientId;
    const total = 300;
    proxy.delay(2);
    const cutsDone = await publishWithCuts(proxy, total, 3, (n) => server.publish('/seq', n));
    server.publish('/seq', 'end');
    await vi.waitUntil(() => seen.received.includes('end'), { timeout: 30_000, interval: 20 });
    // Messages flow on the session's connects; the resubscribe after the last cut may be answered later.
    await vi.waitUntil(() => seen.statuses.at(-1) === 'live', { timeout: 10_000, interval: 10 });
    const { duplicates, missing, outOfOrder } = sequenceStats(seen.received, total);
    expect(cutsDone).toBe(3);
    expect(client.clientId).toBe(firstClientId);
    expect({ missing, duplicates, outOfOrder }).toEqual({ missing: 0, duplicates: 0, outOfOrder: 0 });
    // A cut that caught a held connect lost the subscription; each time it held again, it was recovered.
    expect(seen.continuity.length).toBeGreaterThan(0);
    expect(new Set(seen.continuity.map((c) => c.resumed))).toEqual(new Set(['recovered']));
  });

  it('says gap when the server forgot the session, even with acks', { timeout: 30_000 }, async () => {
    const first = await startCometd();
    first.cometd.addExtension(new AcknowledgedMessagesExtension());
    const client = new BayeuxClient({
      url: first.url,
      connectionTypes: ['long-polling'],
      extensions: [ackExtension()],
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const seen = await watch(client, '/seq');
    await first.close();
    const second = await startCometd({ port: first.port });
    second.cometd.addExtension(new AcknowledgedMessagesExtension());
    cleanups.push(() => second.close());
    await vi.waitUntil(() => seen.continuity.length === 1, { timeout: 20_000, interval: 10 });
    expect(seen.continuity[0]?.resumed).toBe('gap');
  });
});

describe('url functions against Faye', () => {
  // The default types hand-shake over HTTP while the WebSocket opens: both with the fresh token.
  it.each([['websocket'], ['long-polling'], ['websocket', 'long-polling']] as const)('the server sees a fresh token on every reconnect (over %s)', async (...types) => {
    const tokens: string[] = [];
    const extensions = [
      {
        // Faye passes the HTTP request (the upgrade, or the POST) to extensions that take three arguments.
        incoming(message: { channel: string }, request: unknown, callback: (message: { channel: string }) => void) {
          const url = (request as { url?: string } | null)?.url;
          if (message.channel === '/meta/handshake' && url) tokens.push(new URL(url, 'http://x').searchParams.get('token') ?? '');
          callback(message);
        },
      },
    ];
    const first = await startFaye({ extensions });
    let issued = 0;
    const client = new BayeuxClient({
      url: async () => `${first.url}?token=t${++issued}`,
      connectionTypes: [...types],
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const seen = await watch(client, '/tokens');
    expect(tokens).toEqual(['t1']);
    // The WebSocket opened beside the HTTP handshake waited for the token, and is the one in use.
    expect(client.connectionType).toBe(types[0]);
    // Two restarts on the same port: each makes the client reconnect, and re-handshake with the new server.
    let current = first;
    for (const restart of [1, 2]) {
      await current.close();
      current = await startFaye({ port: first.port, extensions });
      const server = current;
      cleanups.push(() => server.close());
      await vi.waitUntil(() => seen.continuity.length === restart, { timeout: 10_000, interval: 10 });
    }
    // Every handshake carried a token the function had just given: none reused, the last one current.
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tokens).size).toBe(tokens.length);
    const numbers = tokens.map((token) => Number(token.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(client.state).toBe('connected');
  });

  it('a rejecting url function surfaces its error as cause and backs off, then connects', async () => {
    const server = await startFaye();
    cleanups.push(() => server.close());
    let calls = 0;
    const client = new BayeuxClient({
      url: () => (++calls < 3 ? Promise.reject(new Error('token service down')) : server.url),
      connectionTypes: ['websocket'],
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const errors: RxwireError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    await client.connect();
    expect(calls).toBe(3);
    expect(errors.slice(0, 2).map((e) => [e.code, (e.cause as Error).message])).toEqual([
      ['CONNECTION_LOST', 'token service down'],
      ['CONNECTION_LOST', 'token service down'],
    ]);
    expect(client.state).toBe('connected');
  });
});
