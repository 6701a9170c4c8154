import { describe, expect, it } from 'vitest';
import { fakePageLifecycle } from '@rxwire/core/testing';
import type { ChannelStatus, Continuity } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { ackExtension } from './ackExtension.js';
import { BayeuxClient } from './bayeuxClient.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';

function setup(options: Partial<BayeuxClientOptions> = {}) {
  const clock = new VirtualClock();
  const server = new FakeBayeuxServer(clock);
  const page = fakePageLifecycle();
  const client = new BayeuxClient({
    url: 'http://bayeux.test/cometd',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    random: () => 0.5,
    network: false,
    logger: false,
    pageLifecycle: page.lifecycle,
    ...options,
  });
  const watch = (name: string) => {
    const channel = client.channel(name);
    const statuses: ChannelStatus[] = [];
    const continuity: Continuity[] = [];
    const messages: unknown[] = [];
    channel.status$?.subscribe((status) => statuses.push(status));
    channel.continuity$?.subscribe((value) => continuity.push(value));
    channel.messages$.subscribe((message) => messages.push(message.data));
    return { statuses, continuity, messages, status: () => statuses.at(-1) };
  };
  const open = () => server.ws.sockets.filter((socket) => socket.readyState === 1).length;
  const sent = (channel: string) => server.received.filter((m) => m.channel === channel);
  return { server, clock, client, page, watch, open, sent };
}

describe('BayeuxClient (without share) and the page lifecycle', () => {
  it('suspend closes the transport without a goodbye and holds retries; resume continues the session, resubscribes and reports a gap', async () => {
    const { server, clock, client, page, watch, open, sent } = setup();
    const a = watch('/a');
    await server.settle();
    expect(a.status()).toBe('live');
    const clientId = client.clientId;

    page.fire('suspend');
    await server.settle();
    expect(open()).toBe(0);
    expect(server.ws.last.closedBy).toBeDefined();
    expect(sent('/meta/disconnect')).toHaveLength(0);
    expect(client.state).toBe('reconnecting');
    expect(a.status()).toBe('reconnecting');
    // Suspended: nothing is tried, however long.
    const sockets = server.ws.sockets.length;
    clock.advance(600_000);
    await server.settle();
    expect(server.ws.sockets).toHaveLength(sockets);

    page.fire('resume');
    await server.settle();
    expect(open()).toBe(1);
    expect(sent('/meta/handshake')).toHaveLength(1);
    expect(sent('/meta/connect').at(-1)?.clientId).toBe(clientId);
    expect(sent('/meta/subscribe').map((m) => m.subscription)).toEqual(['/a', '/a']);
    expect(a.status()).toBe('live');
    expect(a.continuity).toEqual([expect.objectContaining({ resumed: 'gap' })]);
    expect(client.state).toBe('connected');
    server.deliver('/a', 'back');
    await server.settle();
    expect(a.messages).toEqual(['back']);
    await Promise.all([client.disconnect(), server.settle()]);
    expect(page.listening()).toBe(0);
  });

  it('resume after the server forgot the session: handshakes anew, resubscribes, gap', async () => {
    const { server, client, page, watch, sent } = setup();
    server.checkClients = true;
    const a = watch('/a');
    await server.settle();
    const clientId = client.clientId as string;
    page.fire('suspend');
    await server.settle();
    server.clients.delete(clientId);
    page.fire('resume');
    await server.settle(16);
    expect(sent('/meta/handshake')).toHaveLength(2);
    expect(client.clientId).not.toBe(clientId);
    expect(a.status()).toBe('live');
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);
    server.deliver('/a', 'new session');
    await server.settle();
    expect(a.messages).toEqual(['new session']);
  });

  it('with the ack extension enabled by the server, the same session continued: recovered', async () => {
    const { server, client, page, watch } = setup({ extensions: [ackExtension()] });
    server.handshakeExt = { ack: true };
    const a = watch('/a');
    await server.settle();
    const clientId = client.clientId;
    page.fire('suspend');
    await server.settle();
    page.fire('resume');
    await server.settle();
    expect(client.clientId).toBe(clientId);
    expect(a.continuity.map((c) => c.resumed)).toEqual(['recovered']);
  });

  it('what is in flight, or asked for while suspended, rejects with CONNECTION_LOST; a channel observed meanwhile subscribes once back', async () => {
    const { server, client, page, watch, sent } = setup();
    await Promise.all([client.connect(), server.settle()]);
    server.ws.last.close = () => {}; // keep the socket: the publish stays unanswered
    const inFlight = client.publish('/p', 1);
    page.fire('suspend');
    await expect(inFlight).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    await expect(client.publish('/p', 2)).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    await expect(client.request('/service/s', 3)).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    const b = watch('/b');
    await server.settle();
    expect(sent('/meta/subscribe')).toHaveLength(0);
    page.fire('resume');
    await server.settle();
    expect(b.status()).toBe('live');
    await expect(Promise.all([client.publish('/p', 4), server.settle()])).resolves.toBeDefined();
  });

  it('idleWhenHiddenMs: closes after the page has been hidden that long, reconnects and resubscribes when visible', async () => {
    const { server, clock, page, watch, open, sent } = setup({ idleWhenHiddenMs: 5000 });
    const a = watch('/a');
    await server.settle();
    page.fire('hidden');
    clock.advance(4999);
    await server.settle();
    expect(open()).toBe(1);
    clock.advance(1);
    await server.settle();
    expect(open()).toBe(0);
    expect(a.status()).toBe('reconnecting');
    expect(sent('/meta/disconnect')).toHaveLength(0);
    page.fire('visible');
    await server.settle();
    expect(open()).toBe(1);
    expect(a.status()).toBe('live');
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);
  });

  it('hidden shorter than idleWhenHiddenMs: the connection stays', async () => {
    const { server, clock, page, watch, open } = setup({ idleWhenHiddenMs: 5000 });
    const a = watch('/a');
    await server.settle();
    page.fire('hidden');
    clock.advance(4000);
    page.fire('visible');
    clock.advance(10_000);
    await server.settle();
    expect(open()).toBe(1);
    expect(a.statuses).toEqual(['idle', 'subscribing', 'live']);
  });

  it('disconnect() while suspended says goodbye for the kept session and stops watching the page', async () => {
    const { server, client, page, watch, sent } = setup();
    watch('/a');
    await server.settle();
    const clientId = client.clientId;
    page.fire('suspend');
    await server.settle();
    await Promise.all([client.disconnect(), server.settle()]);
    expect(sent('/meta/disconnect').map((m) => m.clientId)).toEqual([clientId]);
    expect(client.state).toBe('closed');
    expect(page.listening()).toBe(0);
  });

  it('a pagehide for good still says goodbye', async () => {
    const events = new EventTarget();
    const g = globalThis as Record<string, unknown>;
    Object.assign(g, { addEventListener: events.addEventListener.bind(events), removeEventListener: events.removeEventListener.bind(events), document: {} });
    try {
      const { server, client, page, sent } = setup();
      await Promise.all([client.connect(), server.settle()]);
      events.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
      await server.settle();
      expect(sent('/meta/disconnect')).toHaveLength(1);
      expect(client.state).toBe('closed');
      expect(page.listening()).toBe(0);
    } finally {
      delete g['addEventListener'];
      delete g['removeEventListener'];
      delete g['document'];
    }
  });
});
