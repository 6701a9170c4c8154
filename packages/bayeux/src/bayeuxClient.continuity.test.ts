import { describe, expect, it } from 'vitest';
import type { ChannelStatus, Continuity } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { ackExtension } from './ackExtension.js';
import { BayeuxClient } from './bayeuxClient.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { replayExtension } from './replayExtension.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';

function setup(options: Partial<BayeuxClientOptions> = {}) {
  const clock = new VirtualClock();
  const server = new FakeBayeuxServer(clock);
  const client = new BayeuxClient({
    url: 'http://bayeux.test/cometd',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    random: () => 0.5,
    logger: () => {},
    ...options,
  });
  client.errors$.subscribe();
  const watch = (name: string) => {
    const channel = client.channel(name);
    const statuses: ChannelStatus[] = [];
    const continuity: Continuity[] = [];
    const errors: unknown[] = [];
    channel.status$?.subscribe((status) => statuses.push(status));
    channel.continuity$?.subscribe((value) => continuity.push(value));
    const subscription = channel.messages$.subscribe({ error: (error: unknown) => errors.push(error) });
    return { statuses, continuity, errors, subscription };
  };
  /** The socket drops; the client reconnects after its backoff (virtual time). */
  const dropSocket = async (): Promise<void> => {
    server.ws.last.serverClose(1006, '', false);
    await server.settle();
    clock.advance(1000);
    await server.settle();
  };
  /** The server forgets the session (a restart): the held connect says "unknown client", the client re-handshakes. */
  const forgetSession = async (): Promise<void> => {
    server.releaseConnects({ successful: false, error: '402::Unknown client', advice: { reconnect: 'handshake', interval: 0 } });
    await server.settle();
    clock.advance(1000);
    await server.settle();
  };
  return { server, clock, client, watch, dropSocket, forgetSession };
}

describe('BayeuxClient: channel status', () => {
  it('after a reconnect, the last observer leaving still unsubscribes on the wire', async () => {
    const { server, clock, watch, dropSocket } = setup();
    const a = watch('/a');
    await server.settle();
    await dropSocket();
    expect(a.statuses.at(-1)).toBe('live');
    a.subscription.unsubscribe();
    clock.advance(100);
    await server.settle();
    expect(server.received.filter((m) => m.channel === '/meta/unsubscribe').map((m) => m.subscription)).toEqual(['/a']);
  });

  it('first subscribe: idle, subscribing, live', async () => {
    const { server, watch } = setup();
    const a = watch('/a');
    await server.settle();
    expect(a.statuses).toEqual(['idle', 'subscribing', 'live']);
    expect(a.continuity).toEqual([]);
  });

  it('a denied subscribe goes straight to error, and the observer gets SUBSCRIBE_DENIED', async () => {
    const { server, watch } = setup();
    server.denied.add('/secret');
    const secret = watch('/secret');
    await server.settle();
    expect(secret.statuses).toEqual(['idle', 'subscribing', 'error']);
    expect(secret.errors).toMatchObject([{ code: 'SUBSCRIBE_DENIED' }]);
  });

  it('disconnect() goes straight from live to idle', async () => {
    const { server, client, watch } = setup();
    const a = watch('/a');
    await server.settle();
    const closed = client.disconnect();
    await server.settle();
    await closed;
    expect(a.statuses).toEqual(['idle', 'subscribing', 'live', 'idle']);
  });

  it('a client that gives up fails its channels: status error', async () => {
    const { server, clock, watch } = setup({ connectionTimeoutMs: 2000 });
    const a = watch('/a');
    await server.settle();
    server.refuse = true;
    server.ws.last.serverClose(1006, '', false);
    for (let i = 0; i < 12; i++) {
      await server.settle(2);
      clock.advance(250);
    }
    expect(a.errors).toMatchObject([{ code: 'TRANSPORT_TIMEOUT' }]);
    expect(a.statuses).toEqual(['idle', 'subscribing', 'live', 'reconnecting', 'error']);
  });
});

describe('BayeuxClient: continuity after a loss', () => {
  it('without an extension that proves otherwise, a lost and resubscribed channel reports a gap', async () => {
    const { server, clock, watch, dropSocket } = setup();
    const a = watch('/a');
    await server.settle();
    const lostAt = clock.now();
    await dropSocket();
    expect(a.statuses).toEqual(['idle', 'subscribing', 'live', 'reconnecting', 'live']);
    expect(a.continuity).toHaveLength(1);
    expect(a.continuity[0]).toMatchObject({ resumed: 'gap', lostAt });
    expect(a.continuity[0]?.resumedAt).toBeGreaterThan(lostAt);
  });

  it('ack extension enabled by the server, same session across the loss: recovered', async () => {
    const { server, client, watch, dropSocket } = setup({ extensions: [ackExtension()] });
    server.handshakeExt = { ack: true };
    const a = watch('/a');
    await server.settle();
    const clientId = client.clientId;
    await dropSocket();
    expect(client.clientId).toBe(clientId);
    expect(a.continuity.map((c) => c.resumed)).toEqual(['recovered']);
  });

  it('ack extension, but the server forgot the session: gap', async () => {
    const { server, client, watch, forgetSession } = setup({ extensions: [ackExtension()] });
    server.handshakeExt = { ack: true };
    const a = watch('/a');
    await server.settle();
    const clientId = client.clientId;
    await forgetSession();
    expect(client.clientId).not.toBe(clientId);
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);
  });

  it('ack extension the server did not enable: gap', async () => {
    const { server, watch, dropSocket } = setup({ extensions: [ackExtension()] });
    const a = watch('/a');
    await server.settle();
    await dropSocket();
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);
  });

  it('replay the server confirmed, resubscribing from a known id: recovered, also in a new session', async () => {
    const { server, watch, forgetSession } = setup({ extensions: [replayExtension({ replayIds: { '/event/a': -2 } })] });
    server.handshakeExt = { replay: true };
    const a = watch('/event/a');
    await server.settle();
    await forgetSession();
    expect(a.continuity.map((c) => c.resumed)).toEqual(['recovered']);
    const resubscribes = server.received.filter((m) => m.channel === '/meta/subscribe');
    expect(resubscribes.at(-1)?.ext).toEqual({ replay: { '/event/a': -2 } });
  });

  it('replay the server did not confirm, or from -1 (new events only): gap', async () => {
    const unconfirmed = setup({ extensions: [replayExtension({ replayIds: { '/event/a': 5 } })] });
    const a = unconfirmed.watch('/event/a');
    await unconfirmed.server.settle();
    await unconfirmed.forgetSession();
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);

    const newOnly = setup({ extensions: [replayExtension({ replayIds: { '/event/b': -1 } })] });
    newOnly.server.handshakeExt = { replay: true };
    const b = newOnly.watch('/event/b');
    await newOnly.server.settle();
    await newOnly.forgetSession();
    expect(b.continuity.map((c) => c.resumed)).toEqual(['gap']);
  });
});
