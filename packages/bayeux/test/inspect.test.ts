// Issue 15: BayeuxClient.inspect$ against a real Faye server, in both entry points: one frame event
// per message of a batch (websocket and long-polling), state changes, the auth extension's fields
// redacted, a snapshot of the session and its channels, and no recorder loaded while nobody observes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { ChannelSource, WireEvent } from '@rxwire/core';
import { inspectorLoaded } from '@rxwire/core/testing';
import { BayeuxClient, type AuthExtension, type BayeuxMessage } from '@rxwire/bayeux';
import { BayeuxClient as WebSocketBayeuxClient } from '@rxwire/bayeux/websocket';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

const recorder = vi.hoisted(() => ({ loads: 0 }));
vi.mock('../../core/src/inspect/wireRecorder.js', async (importOriginal) => {
  recorder.loads++;
  return importOriginal();
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function faye(): Promise<FayeServer> {
  const server = await startFaye();
  cleanups.push(() => server.close());
  return server;
}

/** An auth extension that puts a token in the handshake's ext, as Salesforce-style servers expect. */
function tokenAuth(token: string): AuthExtension {
  return {
    authenticate: () => Promise.resolve(),
    outgoing: (messages: BayeuxMessage[]) =>
      messages.map((m) => (m.channel === '/meta/handshake' ? { ...m, ext: { ...m.ext, authToken: token } } : m)),
  };
}

async function watchLive(client: ChannelSource, name: string): Promise<void> {
  const channel = client.channel(name);
  channel.messages$.subscribe();
  await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
}

describe('BayeuxClient.inspect$ against Faye', () => {
  // First in this file: nothing loaded the recorder module before.
  it('loads nothing of the recorder while nobody observes', async () => {
    const server = await faye();
    const client = new BayeuxClient({ url: server.url, logger: false });
    cleanups.push(() => client.disconnect());
    await watchLive(client, '/quiet');
    for (let i = 0; i < 5; i++) await client.publish('/quiet', { i });
    expect(recorder.loads).toBe(0);
  });

  for (const [entry, Client, type] of [
    ['@rxwire/bayeux', BayeuxClient, 'long-polling'],
    ['@rxwire/bayeux/websocket', WebSocketBayeuxClient, 'websocket'],
  ] as const) {
    it(`${entry} (${type}): one frame event per message, states, and the auth token redacted`, async () => {
      const server = await faye();
      const client = new Client({ url: server.url, connectionTypes: [type], auth: tokenAuth('t0ps3cret'), logger: false });
      cleanups.push(() => client.disconnect());
      const events: WireEvent[] = [];
      client.inspect$.subscribe((event) => events.push(event));
      await inspectorLoaded();
      await watchLive(client, '/quotes/*');
      const delivered = firstValueFrom(client.inspect$.pipe(filter((e) => e.dir === 'in' && e.channel === '/quotes/acme')));
      await server.publish('/quotes/acme', { price: 12 });
      await delivered;
      const frames = events.filter((e) => e.kind === 'frame');
      const out = frames.filter((e) => e.dir === 'out').map((e) => e.channel);
      expect(out.slice(0, 3)).toEqual(['/meta/handshake', '/meta/connect', '/meta/subscribe']);
      for (const frame of frames) {
        expect(frame.size).toBeGreaterThan(0);
        expect(typeof frame.data).toBe('object');
      }
      expect(frames.find((e) => e.channel === '/quotes/acme')?.data).toMatchObject({ data: { price: 12 } });
      const handshake = frames.find((e) => e.dir === 'out' && e.channel === '/meta/handshake');
      expect(handshake?.data).toMatchObject({ ext: { authToken: '***' } });
      expect(JSON.stringify(events)).not.toContain('t0ps3cret');
      expect(events.filter((e) => e.kind === 'state').map((e) => e.data)).toEqual(['connecting', 'connected']);
    });
  }

  it('shows a batch sent in one microtask as one event per message', async () => {
    const server = await faye();
    const client = new WebSocketBayeuxClient({ url: server.url, logger: false });
    cleanups.push(() => client.disconnect());
    await client.connect();
    const events: WireEvent[] = [];
    client.inspect$.subscribe((event) => events.push(event));
    await inspectorLoaded();
    await Promise.all([client.publish('/a', 1), client.publish('/b', 2)]);
    const published = events.filter((e) => e.kind === 'frame' && e.dir === 'out' && !e.channel?.startsWith('/meta/'));
    expect(published.map((e) => e.channel)).toEqual(['/a', '/b']);
  });

  it('describes the session in a snapshot: url, state, connection type, clientId, channels', async () => {
    const server = await faye();
    const client = new BayeuxClient({ url: server.url, connectionTypes: ['websocket'], logger: false });
    cleanups.push(() => client.disconnect());
    await watchLive(client, '/news');
    const delivered = firstValueFrom(client.channel('/news').messages$);
    await server.publish('/news', { headline: 'hi' });
    await delivered;
    expect(client.inspect()).toEqual({
      kind: 'bayeux',
      url: server.url,
      state: 'connected',
      connectionType: 'websocket',
      clientId: client.clientId,
      reconnects: 0,
      channels: [{ name: '/news', observers: 1, subscribed: true, status: 'live', messages: 1, pending: 0, lastMessage: expect.objectContaining({ data: { headline: 'hi' } }) }],
      calls: [],
    });
  });
});
