import http from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import faye from 'faye';
import { BayeuxClient } from '@rxwire/bayeux';

// Time to first message with the default connection types against a real Faye server: the first
// handshake goes over HTTP while the WebSocket upgrade is in flight, then connect and subscribe go
// over the WebSocket together. Two round trips the client waits for one after the other: the
// handshake (with the upgrade beside it), then connect + subscribe. Shown by order, not by timing:
// the server holds the handshake reply until it saw the upgrade, and the first connect's reply until
// it saw the subscribe. A client that waited for either reply before sending the other would reach
// the hold's hang guard, and the order checked below would be wrong.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Logged {
  event: string;
  via?: 'http' | 'websocket';
}

async function recordingFaye(holdFirstConnect = true) {
  const log: Logged[] = [];
  const waiters: Array<() => void> = [];
  const push = (entry: Logged): void => {
    log.push(entry);
    for (const w of waiters.splice(0)) w();
  };
  /** Resolves once `event` was logged, or after the hang guard (then the order checks fail). */
  const seen = (event: string): Promise<void> =>
    new Promise((resolve) => {
      const guard = setTimeout(resolve, 3000);
      const check = (): void => {
        if (log.some((e) => e.event === event)) {
          clearTimeout(guard);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  let heldConnect = holdFirstConnect;
  const bayeux = new faye.NodeAdapter({ mount: '/bayeux', timeout: 10 });
  bayeux.addExtension({
    incoming(message: { channel: string }, request: { headers?: Record<string, string | undefined> } | null, callback: (m: unknown) => void) {
      push({ event: `in ${message.channel}`, via: request?.headers?.['upgrade'] ? 'websocket' : 'http' });
      callback(message);
    },
    outgoing(message: { channel: string }, _request: unknown, callback: (m: unknown) => void) {
      const reply = (): void => {
        push({ event: `reply ${message.channel}` });
        callback(message);
      };
      if (message.channel === '/meta/handshake') void seen('upgrade').then(reply);
      else if (message.channel === '/meta/connect' && heldConnect) {
        heldConnect = false;
        void seen('in /meta/subscribe').then(reply);
      } else reply();
    },
  } as never);
  const server = http.createServer();
  bayeux.attach(server);
  // Before Faye's own listeners: the moment the client's request or upgrade reaches the server.
  server.prependListener('upgrade', () => push({ event: 'upgrade' }));
  server.prependListener('request', () => push({ event: 'http request' }));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(async () => {
    bayeux.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}/bayeux`, log, publish: (channel: string, data: unknown) => bayeux.getClient().publish(channel, data) };
}

describe('Faye: time to first message with the default connection types', () => {
  it('handshakes over HTTP while the WebSocket upgrade is in flight, then subscribes over the WebSocket', async () => {
    const server = await recordingFaye();
    const client = new BayeuxClient({ url: server.url, logger: () => {} });
    cleanups.push(() => client.disconnect());
    const channel = client.channel('/first');
    const first = firstValueFrom(channel.messages$);
    await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
    const events = server.log.map((e) => e.event);
    const index = (event: string): number => events.indexOf(event);
    // Round trip 1: the handshake over HTTP, the upgrade beside it (before the handshake's reply).
    expect(server.log.find((e) => e.event === 'in /meta/handshake')?.via).toBe('http');
    expect(index('upgrade')).toBeGreaterThanOrEqual(0);
    expect(index('upgrade')).toBeLessThan(index('reply /meta/handshake'));
    // Round trip 2: connect and subscribe over the WebSocket, the subscribe before the connect's reply.
    expect(server.log.filter((e) => e.event === 'in /meta/connect')[0]?.via).toBe('websocket');
    expect(server.log.find((e) => e.event === 'in /meta/subscribe')?.via).toBe('websocket');
    expect(index('in /meta/subscribe')).toBeLessThan(index('reply /meta/connect'));
    expect(events.filter((e) => e === 'http request')).toHaveLength(1);
    expect(events.filter((e) => e === 'upgrade')).toHaveLength(1);
    expect(client.connectionType).toBe('websocket');
    await server.publish('/first', { n: 1 });
    expect(await first).toMatchObject({ channel: '/first', data: { n: 1 } });
  });

  it('keeps the handshake over the WebSocket with connectionTypes [websocket]', async () => {
    const server = await recordingFaye(false);
    const client = new BayeuxClient({ url: server.url, connectionTypes: ['websocket'], logger: () => {} });
    cleanups.push(() => client.disconnect());
    await client.connect();
    expect(server.log.find((e) => e.event === 'in /meta/handshake')?.via).toBe('websocket');
    expect(server.log.filter((e) => e.event === 'http request')).toHaveLength(0);
  });
});
