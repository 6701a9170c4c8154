import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import { BayeuxClient } from './webSocketClient.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';

describe('BayeuxClient of @rxwire/bayeux/websocket', () => {
  it('speaks WebSocket only: the handshake goes over the socket and offers nothing else', async () => {
    const clock = new VirtualClock();
    const server = new FakeBayeuxServer(clock);
    const client = new BayeuxClient({ url: 'http://bayeux.test/cometd', WebSocket: server.ws.WebSocket, clock, network: false, logger: false });
    const got: unknown[] = [];
    client.channel('/a').messages$.subscribe(({ data }) => got.push(data));
    await server.settle();
    expect(client.connectionType).toBe('websocket');
    expect(server.received.find((m) => m.channel === '/meta/handshake')?.supportedConnectionTypes).toEqual(['websocket']);
    server.deliver('/a', 1);
    await server.settle();
    expect(got).toEqual([1]);
    const done = client.disconnect();
    await server.settle();
    await done;
  });

  it('is what @rxwire/bayeux/websocket exports', async () => {
    const entry = await import('@rxwire/bayeux/websocket');
    expect(entry.BayeuxClient).toBe(BayeuxClient);
  });

  it('refuses a connection type it does not carry', () => {
    expect(() => new BayeuxClient({ url: 'http://bayeux.test/cometd', connectionTypes: ['long-polling'], logger: false })).toThrow(/^BayeuxClient: option "connectionTypes" may hold only websocket/);
  });

  it('bundles no long-polling, HTTP handshake or cookie jar', async () => {
    const entry = fileURLToPath(new URL('./websocket.ts', import.meta.url));
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      external: ['@rxwire/core', 'rxjs'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.endsWith('webSocketTransport.ts'))).toBe(true);
    expect(inputs.filter((file) => /longPollingTransport|cookieJar|httpPlatform/.test(file))).toEqual([]);
  });
});
