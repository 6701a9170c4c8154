import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { AcknowledgedMessagesExtension } from 'cometd-nodejs-server/ack-extension.js';
import type { FetchLike, RxwireError } from '@rxwire/core';
import { ackExtension, BayeuxClient, type BayeuxClientOptions } from '@rxwire/bayeux';
import { startCometd, type CometdServer } from '@rxwire/test-support/servers';

const servers: CometdServer[] = [];
const clients: BayeuxClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function cometd(options: Parameters<typeof startCometd>[0] = {}): Promise<CometdServer> {
  const server = await startCometd(options);
  servers.push(server);
  return server;
}

function client(url: string, extra: Partial<BayeuxClientOptions> = {}): BayeuxClient {
  const c = new BayeuxClient({ url, reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, logger: () => {}, ...extra });
  clients.push(c);
  return c;
}

const subscribed = (c: BayeuxClient, name: string) => firstValueFrom(c.channel(name).subscribed$.pipe(filter(Boolean)));

/** The platform fetch, with a switch that makes the network fail and a hook on responses. */
function controllableFetch() {
  const control = {
    down: false,
    /** Return true to lose this response (the client sees a network error). */
    lose: (_body: string): boolean => false,
    requests: [] as Array<{ cookie: string | undefined; body: string }>,
  };
  const fetchFn: FetchLike = async (url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    control.requests.push({ cookie: headers['Cookie'], body: String(init?.body) });
    if (control.down) throw new TypeError('network down');
    const response = await fetch(url, init);
    const text = await response.text();
    if (control.lose(text)) throw new TypeError('connection reset');
    return new Response(text, { status: response.status, headers: response.headers });
  };
  return { control, fetch: fetchFn };
}

describe('cometd-nodejs-server', () => {
  it('falls back to long-polling, echoes the BAYEUX_BROWSER cookie, subscribes and publishes', async () => {
    const server = await cometd();
    const { control, fetch } = controllableFetch();
    const c = client(server.url, { fetch });
    await c.connect();
    expect(c.connectionType).toBe('long-polling');
    expect(control.requests.at(-1)?.cookie).toMatch(/^BAYEUX_BROWSER=\w+/);
    const received: unknown[] = [];
    c.channel('/chat/*').messages$.subscribe((m) => received.push([m.channel, m.data]));
    await subscribed(c, '/chat/*');
    server.publish('/chat/room', 'from server');
    await c.publish('/chat/lobby', { text: 'from client' });
    await vi.waitUntil(() => received.length === 2, { timeout: 5000 });
    expect(received).toEqual([
      ['/chat/room', 'from server'],
      ['/chat/lobby', { text: 'from client' }],
    ]);
  });

  it('keeps one session per client, each with its own cookie', async () => {
    const server = await cometd();
    const errors: RxwireError[] = [];
    const a = client(server.url, { connectionTypes: ['long-polling'] });
    const b = client(server.url, { connectionTypes: ['long-polling'] });
    a.errors$.subscribe((e) => errors.push(e));
    b.errors$.subscribe((e) => errors.push(e));
    const got: string[] = [];
    a.channel('/both').messages$.subscribe(() => got.push('a'));
    b.channel('/both').messages$.subscribe(() => got.push('b'));
    await Promise.all([subscribed(a, '/both'), subscribed(b, '/both')]);
    expect(a.clientId).not.toBe(b.clientId);
    server.publish('/both', 1);
    await vi.waitUntil(() => got.length === 2, { timeout: 5000 });
    expect(got.sort()).toEqual(['a', 'b']);
    expect(errors.filter((e) => e.code === 'MULTIPLE_CLIENTS')).toEqual([]);
  });

  it('re-establishes a session that expired (402::session_unknown) and resubscribes', async () => {
    const server = await cometd({ timeout: 500, maxInterval: 800, sweepPeriod: 100 });
    const { control, fetch } = controllableFetch();
    const c = client(server.url, { connectionTypes: ['long-polling'], fetch, reconnect: { initialDelayMs: 100, maxDelayMs: 100 } });
    const received: unknown[] = [];
    c.channel('/expiry').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/expiry');
    const oldId = c.clientId;
    control.down = true;
    await new Promise((r) => setTimeout(r, 2000));
    control.down = false;
    await vi.waitUntil(() => c.clientId !== undefined && c.clientId !== oldId, { timeout: 5000 });
    await subscribed(c, '/expiry');
    expect(control.requests.some((r) => r.body.includes('/meta/handshake'))).toBe(true);
    server.publish('/expiry', 'back');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    expect(received).toEqual(['back']);
  });

  it('redelivers a batch lost with its connect when the ack extension is on', async () => {
    const server = await cometd();
    server.cometd.addExtension(new AcknowledgedMessagesExtension());
    const { control, fetch } = controllableFetch();
    let lost = 0;
    control.lose = (body) => {
      if (lost === 0 && body.includes('"/acked"') && body.includes('"data"')) {
        lost++;
        return true;
      }
      return false;
    };
    const c = client(server.url, { connectionTypes: ['long-polling'], fetch, extensions: [ackExtension()] });
    const received: unknown[] = [];
    c.channel('/acked').messages$.subscribe((m) => received.push(m.data));
    await subscribed(c, '/acked');
    server.publish('/acked', 'precious');
    await vi.waitUntil(() => received.length === 1, { timeout: 5000 });
    expect(lost).toBe(1);
    expect(received).toEqual(['precious']);
    expect(control.requests.some((r) => r.body.includes('"ack":true'))).toBe(true);
  });
});
