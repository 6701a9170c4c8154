// Issue 18: a server cannot steer the client, or the app's credentials, to a host the app did not
// give. A real Faye server whose extension lists 40 decoy hosts in advice.hosts, then goes away.
import { afterEach, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { RxwireError } from '@rxwire/core';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

interface Decoy {
  /** Each request: which advised host (its `n`) and whether it carried the app's Authorization. */
  requests: Array<{ n: string | null; authorization: string | undefined }>;
  url(n: number): string;
  close(): Promise<void>;
}

/** A second local server that answers every Bayeux request with HTTP 503 and records it. */
async function startDecoy(): Promise<Decoy> {
  const requests: Decoy['requests'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ n: new URL(req.url ?? '/', 'http://x').searchParams.get('n'), authorization: req.headers.authorization });
    res.writeHead(503).end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    requests,
    url: (n) => `http://127.0.0.1:${port}/bayeux?n=${n}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { followAdviceHosts?: boolean; ownDecoy?: boolean } = {}) {
  const decoy = await startDecoy();
  cleanups.push(() => decoy.close());
  const hosts = Array.from({ length: 40 }, (_, n) => decoy.url(n));
  const advertise = (message: { channel: string; advice?: Record<string, unknown> }, callback: (m: unknown) => void): void => {
    if (message.channel === '/meta/handshake' || message.channel === '/meta/connect') message.advice = { ...message.advice, hosts };
    callback(message);
  };
  const faye: FayeServer = await startFaye({ extensions: [{ outgoing: advertise } as never] });
  let fayeClosed = false;
  cleanups.push(() => (fayeClosed ? Promise.resolve() : faye.close()));
  const client = new BayeuxClient({
    url: options.ownDecoy ? [faye.url, decoy.url(0)] : faye.url,
    connectionTypes: ['long-polling'],
    headers: { Authorization: 'Bearer app-secret' },
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    connectionTimeoutMs: null,
    logger: false,
    ...(options.followAdviceHosts === undefined ? {} : { followAdviceHosts: options.followAdviceHosts }),
  });
  cleanups.push(() => client.disconnect());
  const errors: RxwireError[] = [];
  client.errors$.subscribe((error) => errors.push(error));
  await client.connect();
  // The server goes away: the client fails over to whatever URLs it keeps.
  fayeClosed = true;
  await faye.close();
  return { decoy, errors };
}

describe('advice.hosts', () => {
  it('is ignored by default: the advised host sees no request at all', async () => {
    const { decoy, errors } = await setup();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(30), { timeout: 10_000, interval: 20 });
    expect(decoy.requests).toEqual([]);
  });

  it('with followAdviceHosts, at most 16 advised hosts are tried, and none gets the Authorization header', async () => {
    const { decoy } = await setup({ followAdviceHosts: true });
    await vi.waitFor(() => expect(new Set(decoy.requests.map((r) => r.n)).size).toBe(16), { timeout: 10_000, interval: 20 });
    const tried = decoy.requests.length;
    await vi.waitFor(() => expect(decoy.requests.length).toBeGreaterThan(tried + 32), { timeout: 10_000, interval: 20 });
    expect(new Set(decoy.requests.map((r) => r.n)).size).toBe(16);
    expect(decoy.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  it('a URL in the app\'s own list gets the Authorization header; the advised ones still do not', async () => {
    const { decoy } = await setup({ followAdviceHosts: true, ownDecoy: true });
    await vi.waitFor(() => expect(new Set(decoy.requests.map((r) => r.n)).size).toBe(17), { timeout: 10_000, interval: 20 });
    const withAuthorization = new Set(decoy.requests.filter((r) => r.authorization === 'Bearer app-secret').map((r) => r.n));
    expect([...withAuthorization]).toEqual(['0']);
  });
});
