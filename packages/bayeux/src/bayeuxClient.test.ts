import { describe, expect, it } from 'vitest';
import type { ChannelMessage, FetchLike, RxwireError } from '@rxwire/core';
import type { BayeuxMessage } from './message.js';
import { BayeuxClient } from './bayeuxClient.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';
import { VirtualClock } from '@rxwire/core/testing';

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
  return { server, clock, client };
}

describe('BayeuxClient', () => {
  it('connects lazily on the first observer and batches what is sent in the same tick', async () => {
    const { server, client } = setup();
    const a = client.channel('/a');
    expect(client.state).toBe('idle');
    expect(server.ws.sockets).toHaveLength(0);
    const subs = [a.messages$.subscribe(), client.channel('/b/*').messages$.subscribe()];
    await server.settle();
    expect(server.ws.last.url).toBe('ws://bayeux.test/cometd');
    expect(client.state).toBe('connected');
    expect(client.connectionType).toBe('websocket');
    const subscribeFrames = server.frames.filter((f) => f.some((m) => m.channel === '/meta/subscribe'));
    expect(subscribeFrames).toHaveLength(1);
    expect(subscribeFrames[0]?.filter((m) => m.channel === '/meta/subscribe').map((m) => m.subscription)).toEqual(['/a', '/b/*']);
    for (const s of subs) s.unsubscribe();
  });

  it('delivers an event once to each channel it matches: its own name and the matching patterns', async () => {
    const { server, client } = setup();
    const got: string[] = [];
    for (const name of ['/x/a', '/x/b', '/x/*', '/x/**', '/**', '/y/*']) {
      client.channel(name).messages$.subscribe((m) => got.push(`${name} ${m.channel}`));
    }
    await server.settle();
    server.deliver('/x/a', 1);
    await server.settle();
    expect(got.sort()).toEqual(['/** /x/a', '/x/* /x/a', '/x/** /x/a', '/x/a /x/a']);
    got.length = 0;
    // A bogus event on a pattern's own name: still once per matching channel.
    server.deliver('/x/*', 2);
    await server.settle();
    expect(got.sort()).toEqual(['/** /x/*', '/x/* /x/*', '/x/** /x/*']);
  });

  it('returns the same channel object per name and rejects invalid names', () => {
    const { client } = setup();
    expect(client.channel('/x')).toBe(client.channel('/x'));
    expect(() => client.channel('x')).toThrow(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
  });

  it('routes events to matching channels with the concrete channel name', async () => {
    const { server, client } = setup();
    const got: Array<[string, ChannelMessage]> = [];
    client.channel('/s/*').messages$.subscribe((m) => got.push(['/s/*', m]));
    client.channel('/s/a').messages$.subscribe((m) => got.push(['/s/a', m]));
    client.channel('/t').messages$.subscribe((m) => got.push(['/t', m]));
    await server.settle();
    server.deliver('/s/a', 42);
    await server.settle();
    expect(got).toEqual([
      ['/s/*', { channel: '/s/a', data: 42 }],
      ['/s/a', { channel: '/s/a', data: 42 }],
    ]);
  });

  it('unsubscribes on the wire after the grace period, not when an observer comes back in time', async () => {
    const { server, clock, client } = setup();
    const unsubscribes = () => server.received.filter((m) => m.channel === '/meta/unsubscribe').length;
    const first = client.channel('/g').messages$.subscribe();
    await server.settle();
    first.unsubscribe();
    clock.advance(50);
    const second = client.channel('/g').messages$.subscribe();
    clock.advance(200);
    await server.settle();
    expect(unsubscribes()).toBe(0);
    second.unsubscribe();
    clock.advance(100);
    await server.settle();
    expect(unsubscribes()).toBe(1);
    expect(server.received.filter((m) => m.channel === '/meta/subscribe')).toHaveLength(1);
  });

  it('errors only the denied channel, and a later observer may try again', async () => {
    const { server, client } = setup();
    server.denied.add('/no');
    let error: unknown;
    client.channel('/no').messages$.subscribe({ error: (e: unknown) => (error = e) });
    const ok: unknown[] = [];
    client.channel('/yes').messages$.subscribe((m) => ok.push(m.data));
    await server.settle();
    expect(error).toMatchObject({ code: 'SUBSCRIBE_DENIED', serverError: '403:/no:denied' });
    server.denied.clear();
    client.channel('/no').messages$.subscribe();
    await server.settle();
    expect(server.received.filter((m) => m.subscription === '/no' && m.channel === '/meta/subscribe')).toHaveLength(2);
    server.deliver('/yes', 1);
    await server.settle();
    expect(ok).toEqual([1]);
  });

  it('publishes and resolves on the ack', async () => {
    const { server, client } = setup();
    const done = client.publish('/p', { a: 1 });
    await server.settle();
    await expect(done).resolves.toBeUndefined();
    expect(server.received.find((m) => m.channel === '/p')).toMatchObject({ data: { a: 1 }, clientId: 'client1' });
    await expect(client.publish('/p/*', 1)).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
  });

  it('request() resolves with the data of the reply, or times out', async () => {
    const { server, clock, client } = setup();
    server.ackData.set('/service/echo', { echoed: true });
    const reply = client.request('/service/echo', { q: 1 });
    await server.settle();
    await expect(reply).resolves.toEqual({ echoed: true });
    const viaEvent = client.request('/service/later', 1);
    await server.settle();
    server.deliver('/service/later', 'answer');
    await server.settle();
    await expect(viaEvent).resolves.toBe('answer');
    const silent = client.request('/service/silent', 1, { timeoutMs: 1000 });
    await server.settle();
    clock.advance(1000);
    await expect(silent).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    await expect(client.request('/not-service', 1)).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
  });

  it('connect() is idempotent; disconnect() always resolves, leaves no timer, and the client can connect again', async () => {
    const { server, clock, client } = setup();
    await client.disconnect();
    const one = client.connect();
    const two = client.connect();
    await server.settle();
    await Promise.all([one, two]);
    const completed: string[] = [];
    client.channel('/c').messages$.subscribe({ complete: () => completed.push('/c') });
    await server.settle();
    const bye = client.disconnect();
    await server.settle();
    await bye;
    await client.disconnect();
    expect(client.state).toBe('closed');
    expect(completed).toEqual(['/c']);
    expect(server.received.filter((m) => m.channel === '/meta/disconnect')).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
    const again = client.connect();
    await server.settle();
    await again;
    expect(client.state).toBe('connected');
    expect(client.clientId).toBe('client2');
  });

  it('rejects connect() with TransportTimeoutError after connectionTimeoutMs', async () => {
    const { server, clock, client } = setup({ connectionTimeoutMs: 2000 });
    server.refuse = true;
    const result = client.connect().catch((e: unknown) => e);
    for (let i = 0; i < 10; i++) {
      await server.settle(2);
      clock.advance(250);
    }
    expect(await result).toMatchObject({ name: 'TransportTimeoutError', code: 'TRANSPORT_TIMEOUT' });
    expect(client.state).toBe('closed');
  });

  it('with connectionTimeoutMs set, a later outage ends every channel with TransportTimeoutError', async () => {
    const { server, clock, client } = setup({ connectionTimeoutMs: 3000 });
    let error: unknown;
    client.channel('/z').messages$.subscribe({ error: (e: unknown) => (error = e) });
    await server.settle();
    server.refuse = true;
    server.ws.last.serverClose(1006, '', false);
    for (let i = 0; i < 15; i++) {
      await server.settle(2);
      clock.advance(250);
    }
    expect(error).toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
  });

  it('fails over to the next url', async () => {
    const clock = new VirtualClock();
    const server = new FakeBayeuxServer(clock);
    const client = new BayeuxClient({
      url: ['http://one.test/bayeux', 'http://two.test/bayeux'],
      connectionTypes: ['websocket'],
      WebSocket: server.ws.WebSocket,
      clock,
      random: () => 0.5,
      logger: () => {},
    });
    server.refuse = true;
    const connected = client.connect();
    await server.settle();
    server.refuse = false;
    clock.advance(1000);
    await server.settle();
    await connected;
    expect(server.ws.sockets.map((s) => s.url)).toEqual(['ws://one.test/bayeux', 'ws://two.test/bayeux']);
  });

  it('closes cleanly when the server disconnects the session', async () => {
    const { server, client } = setup();
    let completed = false;
    client.channel('/q').messages$.subscribe({ complete: () => (completed = true) });
    await server.settle();
    server.ws.last.receive(JSON.stringify([{ channel: '/meta/disconnect', successful: true }]));
    await server.settle();
    expect(completed).toBe(true);
    expect(client.state).toBe('closed');
  });

  it('fails at once with UNSUPPORTED_CONNECTION_TYPE', async () => {
    const { server, client } = setup();
    server.connectionTypes = ['long-polling'];
    const result = client.connect().catch((e: unknown) => e);
    await server.settle();
    expect(await result).toMatchObject({ name: 'BayeuxError', code: 'UNSUPPORTED_CONNECTION_TYPE' });
  });

  it('uses custom JSON functions', async () => {
    let parsed = 0;
    const { server, client } = setup({ json: { parse: (t) => (parsed++, JSON.parse(t) as unknown) } });
    await Promise.all([client.connect(), server.settle()]);
    expect(parsed).toBeGreaterThan(0);
  });

  it('runs async extensions on meta messages both ways', async () => {
    const seen: string[] = [];
    const { server, client } = setup({
      extensions: [
        {
          outgoing: async (ms) => ms.map((m) => ({ ...m, ext: { ...m.ext, tag: 1 } })),
          incoming: async (ms) => (ms.forEach((m) => seen.push(m.channel)), ms),
        },
      ],
    });
    await Promise.all([client.connect(), server.settle()]);
    expect(server.received.find((m) => m.channel === '/meta/handshake')?.ext).toEqual({ tag: 1 });
    expect(seen).toContain('/meta/handshake');
  });

  it('is async iterable; holds fetching while maxPendingCount messages wait, and resumes when drained', async () => {
    const { server, client } = setup({ maxPendingCount: 3 });
    const channel = client.channel<number>('/it');
    const iterator = channel[Symbol.asyncIterator]();
    const first = iterator.next();
    await server.settle();
    server.deliver('/it', 0);
    await server.settle();
    expect(await first).toEqual({ done: false, value: { channel: '/it', data: 0 } });
    for (const n of [1, 2, 3]) {
      expect(server.heldConnects).toBe(1);
      server.deliver('/it', n);
      await server.settle();
    }
    expect(client.pendingCount).toBe(3);
    expect(channel.pendingCount).toBe(3);
    expect(server.heldConnects).toBe(0);
    expect((await iterator.next()).value?.data).toBe(1);
    expect((await iterator.next()).value?.data).toBe(2);
    await server.settle();
    expect(client.pendingCount).toBe(1);
    expect(server.heldConnects).toBe(1);
    await iterator.return?.();
    expect(client.pendingCount).toBe(0);
  });

  it('applies the overflow policy when the server keeps sending, and counts the drops', async () => {
    const { server, clock, client } = setup({ maxPendingCount: 2, overflow: 'drop-oldest' });
    const iterator = client.channel<number>('/flood')[Symbol.asyncIterator]();
    const first = iterator.next();
    await server.settle();
    server.deliver('/flood', 0);
    await server.settle();
    await first;
    server.deliver('/flood', 1);
    await server.settle();
    server.deliver('/flood', 2);
    await server.settle();
    expect(server.heldConnects).toBe(0);
    // The server session cannot wait for ever: after a while the client fetches again.
    clock.advance(5000);
    await server.settle();
    server.deliver('/flood', 3);
    await server.settle();
    expect(client.droppedCount).toBe(1);
    expect((await iterator.next()).value?.data).toBe(2);
    expect((await iterator.next()).value?.data).toBe(3);
  });

  it('with followAdviceHosts, adds advice.hosts to the url list and fails over to them', async () => {
    // Issue 18: advice.hosts is opt-in (it was followed by default).
    const { server, clock, client } = setup({ followAdviceHosts: true });
    server.handshakeAdvice = { hosts: ['http://backup.test/cometd'] };
    await Promise.all([client.connect(), server.settle()]);
    server.refuse = true;
    server.ws.last.serverClose(1006, '', false);
    await server.settle();
    server.refuse = false;
    clock.advance(1000);
    await server.settle();
    expect(server.ws.last.url).toBe('ws://backup.test/cometd');
    server.releaseConnects();
    await server.settle();
    expect(client.state).toBe('connected');
  });

  it('by default, ignores advice.hosts and keeps to the app\'s url', async () => {
    const { server, clock, client } = setup();
    server.handshakeAdvice = { hosts: ['http://backup.test/cometd'] };
    await Promise.all([client.connect(), server.settle()]);
    server.refuse = true;
    server.ws.last.serverClose(1006, '', false);
    await server.settle();
    server.refuse = false;
    clock.advance(1000);
    await server.settle();
    expect(server.ws.sockets.map((socket) => socket.url)).not.toContain('ws://backup.test/cometd');
    expect(server.ws.last.url).toBe('ws://bayeux.test/cometd');
  });

  it('in a browser, says goodbye when the page goes away for good (pagehide), not into the back/forward cache', async () => {
    const page = new EventTarget();
    const g = globalThis as Record<string, unknown>;
    Object.assign(g, {
      addEventListener: page.addEventListener.bind(page),
      removeEventListener: page.removeEventListener.bind(page),
      document: {},
    });
    try {
      const { server, client } = setup();
      await Promise.all([client.connect(), server.settle()]);
      const disconnects = () => server.received.filter((m) => m.channel === '/meta/disconnect').length;
      page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
      await server.settle();
      expect(disconnects()).toBe(0);
      page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
      await server.settle();
      expect(disconnects()).toBe(1);
      expect(client.state).toBe('closed');
    } finally {
      delete g['addEventListener'];
      delete g['removeEventListener'];
      delete g['document'];
    }
  });

  describe('default connection types: first handshake over HTTP while the WebSocket opens', () => {
    /** A fetch that answers handshakes (once `answer()` is called), with a session cookie. */
    function httpServer() {
      const posts: BayeuxMessage[][] = [];
      const waiting: Array<() => void> = [];
      const fetch: FetchLike = async (_url, init) => {
        const batch = JSON.parse(init?.body as string) as BayeuxMessage[];
        posts.push(batch);
        await new Promise<void>((resolve) => waiting.push(resolve));
        const replies = batch.map((m) => ({
          channel: m.channel,
          id: m.id,
          successful: true,
          clientId: 'h1',
          version: '1.0',
          supportedConnectionTypes: ['websocket', 'long-polling'],
          advice: { reconnect: 'retry', interval: 0, timeout: 30_000 },
        }));
        return new Response(JSON.stringify(replies), { headers: { 'Set-Cookie': 'BAYEUX_BROWSER=b1; Path=/' } });
      };
      return { posts, fetch, answer: () => waiting.splice(0).forEach((r) => r()) };
    }

    it('starts the upgrade before the handshake reply, then sends connect and subscribe in one WebSocket frame', async () => {
      const http = httpServer();
      const { server, client, clock } = setup({ connectionTypes: ['websocket', 'long-polling'], fetch: http.fetch });
      client.channel('/a').messages$.subscribe();
      await server.settle();
      // The handshake is out over HTTP and the socket is open, with nothing sent on it yet.
      expect(http.posts.map((b) => b.map((m) => m.channel))).toEqual([['/meta/handshake']]);
      expect(server.ws.sockets).toHaveLength(1);
      expect(server.ws.last.readyState).toBe(1);
      expect(server.frames).toEqual([]);
      http.answer();
      await server.settle();
      expect(server.frames[0]?.map((m) => [m.channel, m.clientId])).toEqual([
        ['/meta/connect', 'h1'],
        ['/meta/subscribe', 'h1'],
      ]);
      expect(client.state).toBe('connected');
      expect(client.connectionType).toBe('websocket');
      expect(http.posts).toHaveLength(1);
      expect(server.ws.sockets).toHaveLength(1);
      // Node: the handshake's cookie is kept for what comes later (here a new socket after a drop).
      expect(server.ws.last.nodeOptions?.['headers']).toBeUndefined();
      server.ws.last.serverClose(1006, '', false);
      await server.settle();
      clock.advance(2000);
      await server.settle();
      expect(server.ws.sockets).toHaveLength(2);
      expect(server.ws.last.nodeOptions?.['headers']).toMatchObject({ Cookie: 'BAYEUX_BROWSER=b1' });
      expect(client.state).toBe('connected');
      const bye = client.disconnect();
      await server.settle();
      await bye;
    });

    it('handshakes over the WebSocket at once when the HTTP handshake fails, reporting nothing', async () => {
      const posts: unknown[] = [];
      const fetch: FetchLike = (url) => (posts.push(url), Promise.reject(new TypeError('Failed to fetch')));
      const { server, client } = setup({ connectionTypes: ['websocket', 'long-polling'], fetch });
      const errors: RxwireError[] = [];
      client.errors$.subscribe((e) => errors.push(e));
      const connected = client.connect();
      await server.settle();
      await connected;
      expect(posts).toHaveLength(1);
      expect(server.frames[0]?.map((m) => m.channel)).toEqual(['/meta/handshake']);
      expect(client.state).toBe('connected');
      expect(client.connectionType).toBe('websocket');
      expect(server.ws.sockets).toHaveLength(1);
      expect(errors).toEqual([]);
      const bye = client.disconnect();
      await server.settle();
      await bye;
    });

    it('falls back to long-polling when the WebSocket cannot be opened', async () => {
      const http = httpServer();
      const { server, client } = setup({ connectionTypes: ['websocket', 'long-polling'], fetch: http.fetch });
      server.refuse = true;
      const connected = client.connect();
      await server.settle();
      http.answer();
      await server.settle();
      // The connect that failed over the WebSocket goes over HTTP with the same client id.
      expect(client.connectionType).toBe('long-polling');
      const connects = http.posts.flat().filter((m) => m.channel === '/meta/connect');
      expect(connects[0]).toMatchObject({ clientId: 'h1', connectionType: 'long-polling' });
      http.answer();
      await connected;
      expect(client.state).toBe('connected');
      expect(http.posts.flat().filter((m) => m.channel === '/meta/handshake')).toHaveLength(1);
      void client.disconnect();
      http.answer();
      await server.settle();
    });
  });
});
