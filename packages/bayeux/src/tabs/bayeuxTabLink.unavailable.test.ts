import { describe, expect, it, vi } from 'vitest';
import type { ChannelStatus, RxwireError } from '@rxwire/core';
import { fakePageLifecycle, VirtualClock } from '@rxwire/core/testing';
import { BayeuxClient } from '../bayeuxClient.js';
import { FakeBayeuxServer } from '../testing/fakeBayeuxServer.js';

// The tab code does not load, as a chunk a deploy removed would not.
vi.mock('./bayeuxTabShare.js', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe("BayeuxClient({ share: 'tabs' }) whose tab code did not load", () => {
  it('reports TABS_UNAVAILABLE, runs alone, and follows the page as without share', async () => {
    const clock = new VirtualClock();
    const server = new FakeBayeuxServer(clock);
    const page = fakePageLifecycle();
    const client = new BayeuxClient({
      url: 'http://bayeux.test/cometd',
      share: 'tabs',
      connectionTypes: ['websocket'],
      WebSocket: server.ws.WebSocket,
      clock,
      network: false,
      logger: false,
      pageLifecycle: page.lifecycle,
    });
    const errors: RxwireError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    const statuses: ChannelStatus[] = [];
    const channel = client.channel('/a');
    channel.status$.subscribe((status) => statuses.push(status));
    channel.messages$.subscribe(() => {});
    // The failed import is real I/O: polled, with a hang guard far above its time.
    await vi.waitFor(() => expect(errors.map((error) => error.code)).toEqual(['TABS_UNAVAILABLE']), { timeout: 4000, interval: 5 });
    await server.settle();
    expect(statuses.at(-1)).toBe('live');
    const open = () => server.ws.sockets.filter((socket) => socket.readyState === 1).length;
    const sent = (channel: string) => server.received.filter((m) => m.channel === channel);

    page.fire('suspend');
    await server.settle();
    expect(open()).toBe(0);
    expect(sent('/meta/disconnect')).toHaveLength(0);
    expect(statuses.at(-1)).toBe('reconnecting');

    page.fire('resume');
    await server.settle();
    expect(open()).toBe(1);
    expect(statuses.at(-1)).toBe('live');
    expect(sent('/meta/handshake')).toHaveLength(1);
    expect(page.listening()).toBe(1);
    await Promise.all([client.disconnect(), server.settle()]);
    expect(page.listening()).toBe(0);
  });
});
