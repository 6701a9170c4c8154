import http from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { BayeuxClient } from '@rxwire/bayeux';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTP (and WebSocket) server that accepts everything and never answers. */
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = http.createServer(() => {
    // Never respond.
  });
  const wss = new WebSocketServer({ server });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe.each(['websocket', 'long-polling'] as const)('a server that accepts but never answers, over %s', (type) => {
  it('makes connect() reject with TransportTimeoutError, and disconnect() still resolves', async () => {
    const port = await silentServer();
    const client = new BayeuxClient({
      url: `http://127.0.0.1:${port}/bayeux`,
      connectionTypes: [type],
      connectionTimeoutMs: 800,
      requestTimeoutMs: 300,
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const error: unknown = await client.connect().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TransportTimeoutError', code: 'TRANSPORT_TIMEOUT' });
    expect(client.state).toBe('closed');
    await client.disconnect();
  });
});
