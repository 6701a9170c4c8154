// maxMessageSize: an oversize inbound frame (WebSocket) or response (long-polling) is discarded with
// MESSAGE_TOO_LARGE on errors$, and the session (and the WebSocket) carry on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaultProxy } from '@rxwire/test-support/faultProxy';
import { startFaye } from '@rxwire/test-support/servers';
import { watchChannel } from './watchChannel.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('BayeuxClient maxMessageSize over websocket', () => {
  it('discards an oversize frame with MESSAGE_TOO_LARGE and keeps the session and the socket', async () => {
    const server = await startFaye();
    cleanups.push(() => server.close());
    // The proxy only counts connections: the same socket must carry everything.
    const proxy = await startFaultProxy({ target: { port: server.port } });
    cleanups.push(() => proxy.close());
    const maxMessageSize = 2000;
    const client = new BayeuxClient({
      url: `http://${proxy.address}/bayeux`,
      connectionTypes: ['websocket'],
      maxMessageSize,
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const { errors, received } = await watchChannel(client, '/big');
    const clientId = client.clientId;
    const connections = proxy.acceptedConnections;

    await server.publish('/big', 'x'.repeat(10_000));
    await vi.waitUntil(() => errors.some((e) => e.code === 'MESSAGE_TOO_LARGE'), { timeout: 5000 });
    await server.publish('/big', 'small');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    await client.publish('/big', 'from the client');
    await vi.waitUntil(() => received.length === 2, { timeout: 5000 });

    const tooLarge = errors.filter((e) => e.code === 'MESSAGE_TOO_LARGE');
    console.log(
      `bayeux maxMessageSize ${maxMessageSize}: ${tooLarge.length} frame(s) discarded, ` +
        `session ${client.clientId === clientId ? 'kept' : 'renewed'}, ${proxy.acceptedConnections - connections} new connections`,
    );
    expect(received).toEqual(['small', 'from the client']);
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]).toMatchObject({ name: 'MessageTooLargeError', limit: maxMessageSize });
    expect(client.clientId).toBe(clientId);
    expect(proxy.acceptedConnections).toBe(connections);
    expect(client.state).toBe('connected');
  });
});

describe('BayeuxClient maxMessageSize over long-polling', () => {
  it('discards an oversize response with MESSAGE_TOO_LARGE and keeps the session', async () => {
    const server = await startFaye();
    cleanups.push(() => server.close());
    const maxMessageSize = 2000;
    const client = new BayeuxClient({
      url: server.url,
      connectionTypes: ['long-polling'],
      maxMessageSize,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const { errors, received } = await watchChannel(client, '/big');
    const clientId = client.clientId;

    await server.publish('/big', 'x'.repeat(10_000));
    await vi.waitUntil(() => errors.some((e) => e.code === 'MESSAGE_TOO_LARGE'), { timeout: 5000 });
    await firstValueFrom(client.channel('/big').subscribed$.pipe(filter(Boolean)));
    await server.publish('/big', 'small');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });

    const tooLarge = errors.filter((e) => e.code === 'MESSAGE_TOO_LARGE');
    console.log(`bayeux maxMessageSize ${maxMessageSize} (long-polling): ${tooLarge.length} response(s) discarded, session ${client.clientId === clientId ? 'kept' : 'renewed'}`);
    expect(received).toEqual(['small']);
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]).toMatchObject({ name: 'MessageTooLargeError', limit: maxMessageSize });
    expect(client.clientId).toBe(clientId);
    expect(client.state).toBe('connected');
  });
});
