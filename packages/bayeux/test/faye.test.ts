import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { BayeuxClient, BayeuxError, type ConnectionType } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

const servers: FayeServer[] = [];
const clients: BayeuxClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function faye(options: Parameters<typeof startFaye>[0] = {}): Promise<FayeServer> {
  const server = await startFaye(options);
  servers.push(server);
  return server;
}

function client(url: string, type: ConnectionType, extra: Partial<ConstructorParameters<typeof BayeuxClient>[0]> = {}): BayeuxClient {
  const c = new BayeuxClient({ url, connectionTypes: [type], reconnect: { initialDelayMs: 50, maxDelayMs: 300 }, logger: () => {}, ...extra });
  clients.push(c);
  return c;
}

const subscribed = (c: BayeuxClient, name: string) => firstValueFrom(c.channel(name).subscribed$.pipe(filter(Boolean)));

describe.each(['websocket', 'long-polling'] as const)('Faye over %s', (type) => {
  it('connects, subscribes, receives server publishes and publishes itself', async () => {
    const server = await faye();
    const c = client(server.url, type);
    await c.connect();
    expect(c.state).toBe('connected');
    expect(c.connectionType).toBe(type);
    expect(c.clientId).toBeTruthy();
    const got = firstValueFrom(c.channel('/news').messages$.pipe(take(2), toArray()));
    await subscribed(c, '/news');
    await server.publish('/news', { n: 1 });
    await c.publish('/news', { n: 2 });
    expect(await got).toEqual([
      expect.objectContaining({ channel: '/news', data: { n: 1 } }),
      expect.objectContaining({ channel: '/news', data: { n: 2 } }),
    ]);
  });
});

describe.each(['websocket', 'long-polling'] as const)('Faye over %s: first connect', (type) => {
  // Faye holds a first /meta/connect for its whole timeout (60 s here) unless it carries advice
  // timeout 0: connect() resolving within this test's hang guard shows the client sends it.
  it('is answered at once', { timeout: 15_000 }, async () => {
    const server = await faye({ timeout: 60 });
    const c = client(server.url, type);
    await c.connect();
    expect(c.state).toBe('connected');
  });
});

describe.each(['websocket', 'long-polling'] as const)('Faye over %s: subscriptions', (type) => {
  it('routes wildcard subscriptions with the concrete channel', async () => {
    const server = await faye();
    const c = client(server.url, type);
    const one = firstValueFrom(c.channel('/stocks/*').messages$.pipe(take(1), toArray()));
    const deep = firstValueFrom(c.channel('/market/**').messages$.pipe(take(2), toArray()));
    await Promise.all([subscribed(c, '/stocks/*'), subscribed(c, '/market/**')]);
    await server.publish('/stocks/nyse/IBM', 'not for /stocks/*');
    await server.publish('/stocks/ACME', 1);
    await server.publish('/market/eu/paris', 2);
    await server.publish('/market/us', 3);
    expect(await one).toEqual([expect.objectContaining({ channel: '/stocks/ACME', data: 1 })]);
    expect((await deep).map((m) => [m.channel, m.data])).toEqual([
      ['/market/eu/paris', 2],
      ['/market/us', 3],
    ]);
  });

  it('errors a denied subscription only, and unsubscribes after the last observer leaves', async () => {
    const seen: string[] = [];
    const server = await faye({
      extensions: [
        {
          incoming: (message, _request, callback) => {
            if (message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe') seen.push(`${message.channel} ${message.subscription}`);
            if (message.channel === '/meta/subscribe' && message.subscription === '/secret') message.error = '403:/secret:Forbidden channel';
            callback(message);
          },
        },
      ],
    });
    const c = client(server.url, type, { unsubscribeGraceMs: 0 });
    const denied = firstValueFrom(c.channel('/secret').messages$).catch((e: unknown) => e);
    const open = firstValueFrom(c.channel('/open').messages$);
    expect(await denied).toMatchObject({ name: 'BayeuxError', code: 'SUBSCRIBE_DENIED', serverError: '403:/secret:Forbidden channel' });
    await subscribed(c, '/open');
    await server.publish('/open', 'still works');
    expect(await open).toMatchObject({ data: 'still works' });
    // firstValueFrom left after one message: the wire unsubscribe follows (grace period 0).
    await vi.waitUntil(() => seen.includes('/meta/unsubscribe /open'), { timeout: 5000 });
    expect(seen.filter((s) => s === '/meta/unsubscribe /secret')).toEqual([]);
    expect(c.state).toBe('connected');
  });

  it('subscribes to many channels at once', async () => {
    const server = await faye();
    const c = client(server.url, type);
    const names = Array.from({ length: 20 }, (_, i) => `/many/${i}`);
    const all = Promise.all(names.map((n) => firstValueFrom(c.channel(n).messages$)));
    await Promise.all(names.map((n) => subscribed(c, n)));
    for (const n of names) await server.publish(n, n);
    expect((await all).map((m) => m.data)).toEqual(names);
  });

  it('re-handshakes silently when the server forgets the client, and resubscribes', async () => {
    const server = await faye();
    const c = client(server.url, type);
    const errors: unknown[] = [];
    c.errors$.subscribe((e) => errors.push(e));
    const received: unknown[] = [];
    c.channel('/topic').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/topic');
    await server.publish('/topic', 'before');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    const first = c.clientId as string;
    server.forget(first);
    await firstValueFrom(c.channel('/topic').subscribed$.pipe(filter((s) => !s)));
    await subscribed(c, '/topic');
    expect(c.clientId).not.toBe(first);
    await server.publish('/topic', 'after');
    await vi.waitUntil(() => received.length === 2, { timeout: 5000 });
    expect(received).toEqual(['before', 'after']);
    // Faye closes the WebSocket of a forgotten client: a network event, but never a Bayeux error.
    expect(errors.filter((e) => e instanceof BayeuxError)).toEqual([]);
  });

  it('recovers when the server restarts on the same port', async () => {
    const first = await startFaye();
    const c = client(first.url, type);
    const received: unknown[] = [];
    c.channel('/restart').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/restart');
    await first.publish('/restart', 1);
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    const oldId = c.clientId;
    await first.close();
    const second = await faye({ port: first.port });
    await vi.waitUntil(() => c.clientId !== undefined && c.clientId !== oldId, { timeout: 5000 });
    await subscribed(c, '/restart');
    await second.publish('/restart', 2);
    await vi.waitUntil(() => received.length === 2, { timeout: 5000 });
    expect(received).toEqual([1, 2]);
    expect(c.state).toBe('connected');
  });
});

describe('Faye with an auth extension', () => {
  it('authenticates when the handshake is denied, and again when the token expired', async () => {
    const valid = new Set(['t1']);
    const server = await faye({
      extensions: [
        {
          // `request` is null for the server's own in-process client, which needs no token.
          incoming: (message, request, callback) => {
            if (message.channel === '/meta/handshake' && request && !valid.has(message.ext?.['token'] as string)) {
              message.error = '403::Invalid token';
            }
            callback(message);
          },
        },
      ],
    });
    let token = 'none';
    let logins = 0;
    const c = client(server.url, 'long-polling', {
      auth: {
        outgoing: (ms) => ms.map((m) => (m.channel === '/meta/handshake' ? { ...m, ext: { ...m.ext, token } } : m)),
        authenticate: async () => {
          logins++;
          token = [...valid].at(-1) as string;
        },
      },
    });
    await c.connect();
    expect(logins).toBe(1);
    const received: unknown[] = [];
    c.channel('/auth').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/auth');
    // The token expires and the server forgets the session: the re-handshake is denied once.
    valid.clear();
    valid.add('t2');
    const oldId = c.clientId as string;
    server.forget(oldId);
    await vi.waitUntil(() => c.clientId !== undefined && c.clientId !== oldId, { timeout: 5000 });
    await subscribed(c, '/auth');
    expect(logins).toBe(2);
    await server.publish('/auth', 'ok');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
  });

  it('fails connect() with HANDSHAKE_DENIED when authentication does not help', async () => {
    const server = await faye({
      extensions: [
        {
          incoming: (message, request, callback) => {
            if (message.channel === '/meta/handshake' && request) message.error = '403::Invalid token';
            callback(message);
          },
        },
      ],
    });
    let logins = 0;
    // Faye's denial advises another handshake: the client follows that advice (authenticating before
    // each try) until connectionTimeoutMs, then rejects with the last denial (issue 16).
    const c = client(server.url, 'websocket', { auth: { authenticate: async () => void logins++ }, connectionTimeoutMs: 1500 });
    await expect(c.connect()).rejects.toMatchObject({ code: 'HANDSHAKE_DENIED', serverError: '403::Invalid token' });
    expect(logins).toBeGreaterThanOrEqual(2);
    expect(c.state).toBe('closed');
  });
});

describe('Faye connection types', () => {
  it('falls back to long-polling when the WebSocket cannot be opened', async () => {
    const server = await faye();
    const c = client(server.url, 'websocket', {
      connectionTypes: ['websocket', 'long-polling'],
      webSocketUrl: "ws://127.0.0.1:1/bayeux",
    });
    await c.connect();
    expect(c.connectionType).toBe('long-polling');
  });

  it('rejects with TransportTimeoutError when nothing answers within connectionTimeoutMs', async () => {
    const server = await faye();
    const port = server.port;
    await server.close();
    servers.length = 0;
    const c = client(`http://127.0.0.1:${port}/bayeux`, 'long-polling', { connectionTimeoutMs: 500 });
    await expect(c.connect()).rejects.toMatchObject({ name: 'TransportTimeoutError', code: 'TRANSPORT_TIMEOUT' });
    await c.disconnect();
  });
});

describe.each(['websocket', 'long-polling'] as const)('Faye url list over %s', (type) => {
  it('fails over to the next server when the first goes away, and resubscribes there', async () => {
    const a = await startFaye();
    const b = await faye();
    const c = client('', type, { url: [a.url, b.url] });
    const received: unknown[] = [];
    c.channel('/failover').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/failover');
    await a.publish('/failover', 'from a');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    const oldId = c.clientId;
    await a.close();
    await vi.waitUntil(() => c.clientId !== undefined && c.clientId !== oldId, { timeout: 5000 });
    await subscribed(c, '/failover');
    await b.publish('/failover', 'from b');
    await vi.waitUntil(() => received.length === 2, { timeout: 5000 });
    expect(received).toEqual(['from a', 'from b']);
  });
});
